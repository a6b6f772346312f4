using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Apie.Streams;

/// <summary>
/// An asynchronous sequence whose every enumeration is one run or session, with the rules of
/// <see cref="TracedEnumerable{T}"/>. The cancellation token given to <c>WithCancellation</c> or
/// <see cref="GetAsyncEnumerator"/> reaches the source unchanged.
/// </summary>
internal sealed class TracedAsyncEnumerable<T> : IAsyncEnumerable<T>
{
    private readonly IAsyncEnumerable<T> _source;
    private readonly ApieStart _start;

    public TracedAsyncEnumerable(IAsyncEnumerable<T> source, ApieStart start)
    {
        _source = source;
        _start = start;
    }

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var scope = _start.Open();
        try
        {
            // A tool's enumeration starts once the guardrails let it. NOTE: the wait blocks the thread that requests
            // the enumerator, bounded by the request timeout (and the approval timeout in enforce mode).
            scope.Guard();
            return new Enumerator(_source.GetAsyncEnumerator(cancellationToken), scope);
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

    private sealed class Enumerator : IAsyncEnumerator<T>
    {
        private readonly IAsyncEnumerator<T> _inner;
        private readonly ApieScope _scope;
        private long _items;

        public Enumerator(IAsyncEnumerator<T> inner, ApieScope scope)
        {
            _inner = inner;
            _scope = scope;
        }

        public T Current => _inner.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            // The source resumes under this scope's context, and whatever it awaits captures that context.
            var caller = _scope.Enter();
            ValueTask<bool> pending;
            try
            {
                pending = _inner.MoveNextAsync();
            }
            catch (Exception exception) when (_scope.Fail(exception))
            {
                throw;
            }
            finally
            {
                _scope.Leave(caller);
            }

            if (pending.IsCompletedSuccessfully && pending.Result)
            {
                _items++;
                return new ValueTask<bool>(true);
            }

            return new ValueTask<bool>(AwaitAsync(pending));
        }

        public async ValueTask DisposeAsync()
        {
            var caller = _scope.Enter();
            ValueTask pending;
            try
            {
                pending = _inner.DisposeAsync();
            }
            finally
            {
                _scope.Leave(caller);
            }

            try
            {
                await pending.ConfigureAwait(false);
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
            }

            await _scope.FlushIfOutermostAsync().ConfigureAwait(false);
        }

        private async Task<bool> AwaitAsync(ValueTask<bool> pending)
        {
            try
            {
                if (await pending.ConfigureAwait(false))
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
        }
    }
}
