using System;
using System.ComponentModel;
using System.Threading.Tasks;
using Apie.Context;
using Apie.Recording;

namespace Apie;

/// <summary>
/// One open run or session of a wrapped call, as generated code and the <c>With…Async</c> methods drive it:
/// start, call the user's code, then <see cref="Complete"/>, <see cref="CompleteWhen(Task, Func{string?}?)"/>
/// or <see cref="Fail"/>, and always <see cref="Exit"/>. No member throws.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ApieScope
{
    internal static readonly ApieScope Disabled = new(null, null, null, null);

    private readonly ApieClient? _client;
    private readonly TraceRecord? _record;
    private readonly AmbientFrame? _frame;
    private readonly AmbientFrame? _previous;

    internal ApieScope(ApieClient? client, TraceRecord? record, AmbientFrame? frame, AmbientFrame? previous)
    {
        _client = client;
        _record = record;
        _frame = frame;
        _previous = previous;
    }

    /// <summary>Whether the record was completed, by success or failure.</summary>
    internal bool IsCompleted => _record?.Status is not null;

    /// <summary>Whether this scope opened with no run or session around it; its end flushes the queue.</summary>
    private bool IsOutermost => _previous is null;

    /// <summary>Restores the caller's ambient run and session. Call it once the call has returned, whatever the outcome.</summary>
    public void Exit()
    {
        if (_client is not null)
        {
            AmbientContext.Current = _previous;
        }
    }

    /// <summary>
    /// Makes this scope's run or session ambient again, for work that resumes later, such as the next step of an
    /// enumeration. Returns the caller's context for <see cref="Leave"/>.
    /// </summary>
    internal AmbientFrame? Enter()
    {
        var caller = AmbientContext.Current;
        if (_client is not null)
        {
            AmbientContext.Current = _frame;
        }

        return caller;
    }

    /// <summary>Restores the context that <see cref="Enter"/> returned.</summary>
    internal void Leave(AmbientFrame? caller)
    {
        if (_client is not null)
        {
            AmbientContext.Current = caller;
        }
    }

    /// <summary>Completes the record of a stream; an enumeration that stopped early is marked abandoned.</summary>
    internal void CompleteStream(long items, bool abandoned)
    {
        if (_client is not null && _record is not null)
        {
            _client.CompleteStream(_record, items, abandoned);
            if (IsOutermost)
            {
                _client.Wake();
            }
        }
    }

    /// <summary>The bounded flush after an outermost record completed asynchronously.</summary>
    internal Task FlushIfOutermostAsync()
        => IsOutermost && _client is not null ? _client.FlushForCompletionAsync() : Task.CompletedTask;

    /// <summary>
    /// Records the exception and completes the record as failed, or as cancelled for an
    /// <see cref="OperationCanceledException"/>. Returns false, so that an exception filter that calls it lets the
    /// exception pass unchanged.
    /// </summary>
    public bool Fail(Exception exception)
    {
        if (_client is not null && _record is not null)
        {
            _client.Fail(_record, exception);
            if (IsOutermost)
            {
                _client.Wake();
            }
        }

        return false;
    }

    /// <summary>Completes the record of a synchronous call; starts a send without waiting for it when outermost.</summary>
    public void Complete(string? outputSummary)
    {
        if (_client is not null && _record is not null)
        {
            _client.Complete(_record, outputSummary);
            if (IsOutermost)
            {
                _client.Wake();
            }
        }
    }

    /// <summary>Returns a task with the outcome of <paramref name="task"/> that completes the record when the task completes.</summary>
    public Task CompleteWhen(Task task, Func<string?>? outputSummary)
    {
        if (_client is null || task is null)
        {
            Complete(null);
            return task!;
        }

        if (task.Status == TaskStatus.RanToCompletion && !IsOutermost)
        {
            Complete(Render(outputSummary));
            return task;
        }

        return AwaitAsync(task, outputSummary);
    }

    /// <summary>Returns a task with the outcome of <paramref name="task"/> that completes the record when the task completes.</summary>
    public Task<T> CompleteWhen<T>(Task<T> task, Func<T, string?>? outputSummary)
    {
        if (_client is null || task is null)
        {
            Complete(null);
            return task!;
        }

        if (task.Status == TaskStatus.RanToCompletion && !IsOutermost)
        {
            Complete(Render(outputSummary, task.Result));
            return task;
        }

        return AwaitAsync(task, outputSummary);
    }

    /// <summary>Returns a task with the outcome of <paramref name="task"/> that completes the record when the task completes.</summary>
    public ValueTask CompleteWhen(ValueTask task, Func<string?>? outputSummary)
    {
        if (_client is null)
        {
            return task;
        }

        if (task.IsCompletedSuccessfully && !IsOutermost)
        {
            // Reading the result releases a pooled source, as awaiting would.
            task.GetAwaiter().GetResult();
            Complete(Render(outputSummary));
            return default;
        }

        return new ValueTask(AwaitAsync(task.AsTask(), outputSummary));
    }

    /// <summary>Returns a task with the outcome of <paramref name="task"/> that completes the record when the task completes.</summary>
    public ValueTask<T> CompleteWhen<T>(ValueTask<T> task, Func<T, string?>? outputSummary)
    {
        if (_client is null)
        {
            return task;
        }

        if (task.IsCompletedSuccessfully && !IsOutermost)
        {
            var result = task.Result;
            Complete(Render(outputSummary, result));
            return new ValueTask<T>(result);
        }

        return new ValueTask<T>(AwaitAsync(task.AsTask(), outputSummary));
    }

    private async Task AwaitAsync(Task task, Func<string?>? outputSummary)
    {
        try
        {
            await task.ConfigureAwait(false);
            _client!.Complete(_record!, Render(outputSummary));
        }
        catch (Exception exception) when (Fail(exception))
        {
            throw;
        }
        finally
        {
            await FlushIfOutermostAsync().ConfigureAwait(false);
        }
    }

    private async Task<T> AwaitAsync<T>(Task<T> task, Func<T, string?>? outputSummary)
    {
        try
        {
            var result = await task.ConfigureAwait(false);
            _client!.Complete(_record!, Render(outputSummary, result));
            return result;
        }
        catch (Exception exception) when (Fail(exception))
        {
            throw;
        }
        finally
        {
            await FlushIfOutermostAsync().ConfigureAwait(false);
        }
    }

    private string? Render(Func<string?>? summary)
    {
        try
        {
            return summary?.Invoke();
        }
        catch (Exception exception)
        {
            _client?.ReportSummaryFailure(exception);
            return null;
        }
    }

    private string? Render<T>(Func<T, string?>? summary, T result)
    {
        try
        {
            return summary?.Invoke(result);
        }
        catch (Exception exception)
        {
            _client?.ReportSummaryFailure(exception);
            return null;
        }
    }
}
