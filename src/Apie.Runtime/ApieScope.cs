using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Apie.Context;
using Apie.Recording;

namespace Apie;

/// <summary>
/// One open run, session, tool call, workflow step or model call of a wrapped call, as generated code and the
/// <c>With…Async</c> methods drive it: start, call the user's code, then <see cref="Complete"/>,
/// <see cref="CompleteWhen(Task, Func{string?}?)"/> or <see cref="Fail"/>, and always <see cref="Exit"/>. A tool
/// call first passes <see cref="Guard"/> or one of the <c>AfterGuard</c> overloads, which throw when a guardrail
/// stops the call; no other member throws.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ApieScope
{
    internal static readonly ApieScope Disabled = new(null, null, null, null);

    private readonly ApieClient? _client;
    private readonly TraceRecord? _record;
    private readonly IAmbientFrame? _frame;
    private readonly IAmbientFrame? _previous;
    private readonly ActivityRecord? _activity;
    private readonly Task<Exception?>? _guard;

    // The Activity of the Apie source for this work, and the caller's Activity.Current to restore on Exit.
    private readonly Activity? _telemetry;
    private readonly Activity? _callerTelemetry;
    private int _telemetryStopped;

    internal ApieScope(ApieClient? client, TraceRecord? record, IAmbientFrame? frame, IAmbientFrame? previous, Activity? telemetry = null, Activity? callerTelemetry = null)
    {
        _client = client;
        _record = record;
        _frame = frame;
        _previous = previous;
        _telemetry = telemetry;
        _callerTelemetry = callerTelemetry;
    }

    /// <summary>A scope of a tool call, step or model call; its record is the run it opened, if it opened one.</summary>
    internal ApieScope(ApieClient client, ActivityRecord activity, Task<Exception?>? guard, IAmbientFrame? frame, IAmbientFrame? previous, Activity? telemetry, Activity? callerTelemetry)
        : this(client, activity.OwnsRun ? activity.Run : null, frame, previous, telemetry, callerTelemetry)
    {
        _activity = activity;
        _guard = guard;
    }

    /// <summary>Whether the record was completed, by success or failure.</summary>
    internal bool IsCompleted => _activity is not null ? _activity.IsFinished : _record?.Status is not null;

    /// <summary>
    /// Waits for the guardrail decision of a tool call, blocking the thread, and throws
    /// <see cref="ApieGuardrailBlockedException"/>, <see cref="ApieApprovalException"/> or, under
    /// <c>guardFailureMode</c> <c>throw</c>, <see cref="ApieException"/> when the call must not run. The wait is
    /// bounded by the request timeout, and in enforce mode by the approval timeout while a human decides.
    /// </summary>
    public void Guard()
    {
        if (_guard is not null && _guard.GetAwaiter().GetResult() is { } stop)
        {
            throw stop;
        }
    }

    /// <summary>
    /// Calls <paramref name="body"/> once the guardrails let the tool call proceed, without blocking the thread.
    /// When the decision is not known yet, the body runs later on the caller's context, and an exception it throws
    /// arrives through the returned task.
    /// </summary>
    public Task AfterGuard(Func<Task> body)
    {
        if (_guard is null || _guard.IsCompleted)
        {
            return GuardThen(body);
        }

        return GuardedAsync(body);
    }

    /// <inheritdoc cref="AfterGuard(Func{Task})"/>
    public Task<T> AfterGuard<T>(Func<Task<T>> body)
    {
        if (_guard is null || _guard.IsCompleted)
        {
            return GuardThen(body);
        }

        return GuardedAsync(body);
    }

    /// <inheritdoc cref="AfterGuard(Func{Task})"/>
    public ValueTask AfterGuard(Func<ValueTask> body)
    {
        if (_guard is null || _guard.IsCompleted)
        {
            return GuardThen(body);
        }

        return new ValueTask(GuardedAsync(() => body().AsTask()));
    }

    /// <inheritdoc cref="AfterGuard(Func{Task})"/>
    public ValueTask<T> AfterGuard<T>(Func<ValueTask<T>> body)
    {
        if (_guard is null || _guard.IsCompleted)
        {
            return GuardThen(body);
        }

        return new ValueTask<T>(GuardedAsync(() => body().AsTask()));
    }

    private T GuardThen<T>(Func<T> body)
    {
        Guard();
        return body();
    }

    private async Task GuardedAsync(Func<Task> body)
    {
        // Resumes on the caller's context, where the body would have run without Apie.
        if (await _guard! is { } stop)
        {
            throw stop;
        }

        await body().ConfigureAwait(false);
    }

    private async Task<T> GuardedAsync<T>(Func<Task<T>> body)
    {
        if (await _guard! is { } stop)
        {
            throw stop;
        }

        return await body().ConfigureAwait(false);
    }

    /// <summary>Whether this scope opened with no run or session around it; its end flushes the queue.</summary>
    private bool IsOutermost => _previous is null;

    /// <summary>Restores the caller's ambient run and session. Call it once the call has returned, whatever the outcome.</summary>
    public void Exit()
    {
        if (_client is not null)
        {
            AmbientContext.Current = _previous;
            if (_telemetry is not null)
            {
                Activity.Current = _callerTelemetry;
            }
        }
    }

    /// <summary>
    /// Makes this scope's run or session ambient again, for work that resumes later, such as the next step of an
    /// enumeration. Returns the caller's context for <see cref="Leave"/>.
    /// </summary>
    internal ScopeCaller Enter()
    {
        var caller = new ScopeCaller(AmbientContext.Current, Activity.Current);
        if (_client is not null)
        {
            AmbientContext.Current = _frame;
            if (_telemetry is not null)
            {
                Activity.Current = _telemetry;
            }
        }

        return caller;
    }

    /// <summary>Restores the context that <see cref="Enter"/> returned.</summary>
    internal void Leave(ScopeCaller caller)
    {
        if (_client is not null)
        {
            AmbientContext.Current = caller.Frame;
            if (_telemetry is not null)
            {
                Activity.Current = caller.Activity;
            }
        }
    }

    /// <summary>Stops this scope's Activity once, with the exception of a failure.</summary>
    private void StopTelemetry(Exception? exception)
    {
        if (_telemetry is not null && Interlocked.Exchange(ref _telemetryStopped, 1) == 0)
        {
            Diagnostics.ApieTelemetry.Stop(_telemetry, exception);
        }
    }

    /// <summary>Completes the record of a stream; an enumeration that stopped early is marked abandoned.</summary>
    internal void CompleteStream(long items, bool abandoned)
    {
        StopTelemetry(null);
        if (_client is not null && _activity is not null)
        {
            var metadata = new System.Text.Json.Nodes.JsonObject { ["items"] = items };
            if (abandoned)
            {
                metadata["abandoned"] = true;
            }

            _client.CompleteActivity(_activity, null, metadata);
        }

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
        StopTelemetry(exception);
        if (_client is not null && _activity is not null)
        {
            _client.FailActivity(_activity, exception);
        }

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
        StopTelemetry(null);
        if (_client is not null && _activity is not null)
        {
            // A tool's rendered result; the run the activity opened has no output of its own.
            _client.CompleteActivity(_activity, outputSummary);
            outputSummary = null;
        }

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
            Complete(Render(outputSummary));
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
            Complete(Render(outputSummary, result));
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

/// <summary>The caller's ambient frame and Activity, saved by <see cref="ApieScope.Enter"/>.</summary>
internal readonly struct ScopeCaller
{
    public ScopeCaller(IAmbientFrame? frame, Activity? activity)
    {
        Frame = frame;
        Activity = activity;
    }

    public IAmbientFrame? Frame { get; }

    public Activity? Activity { get; }
}
