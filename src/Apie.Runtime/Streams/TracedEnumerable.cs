using System;
using System.Collections;
using System.Collections.Generic;

namespace Apie.Streams;

/// <summary>
/// A sequence whose every enumeration is one run or session: it opens when enumeration begins, is ambient
/// while each item is produced, and completes when the sequence ends, fails when it throws, or completes as
/// abandoned when the consumer disposes the enumerator before the end.
/// </summary>
internal sealed class TracedEnumerable<T> : IEnumerable<T>
{
    private readonly IEnumerable<T> _source;
    private readonly ApieStart _start;

    public TracedEnumerable(IEnumerable<T> source, ApieStart start)
    {
        _source = source;
        _start = start;
    }

    public IEnumerator<T> GetEnumerator()
    {
        var scope = _start.Open();
        try
        {
            // A tool's enumeration starts once the guardrails let it.
            scope.Guard();
            return new Enumerator(_source.GetEnumerator(), scope);
        }
        catch (Exception exception) when (scope.Fail(exception))
        {
            throw;
        }
        finally
        {
            scope.Exit();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator : IEnumerator<T>
    {
        private readonly IEnumerator<T> _inner;
        private readonly ApieScope _scope;
        private long _items;

        public Enumerator(IEnumerator<T> inner, ApieScope scope)
        {
            _inner = inner;
            _scope = scope;
        }

        public T Current => _inner.Current;

        object? IEnumerator.Current => Current;

        public bool MoveNext()
        {
            var caller = _scope.Enter();
            try
            {
                if (_inner.MoveNext())
                {
                    _items++;
                    return true;
                }

                _scope.CompleteStream(_items, abandoned: false);
                return false;
            }
            catch (Exception exception) when (_scope.Fail(exception))
            {
                throw;
            }
            finally
            {
                _scope.Leave(caller);
            }
        }

        public void Reset() => _inner.Reset();

        public void Dispose()
        {
            var caller = _scope.Enter();
            try
            {
                // The iterator's finally blocks run here, still inside the run.
                _inner.Dispose();
            }
            catch (Exception exception) when (_scope.Fail(exception))
            {
                throw;
            }
            finally
            {
                if (!_scope.IsCompleted)
                {
                    _scope.CompleteStream(_items, abandoned: true);
                }

                _scope.Leave(caller);
            }
        }
    }
}
