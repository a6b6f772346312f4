using System;
using System.Threading;
using System.Threading.Tasks;
using Apie.Context;
using Apie.Recording;

namespace Apie;

// The hand-written equivalents of the attributes, for code that cannot use them.
public sealed partial class ApieClient
{
    /// <summary>
    /// Runs <paramref name="body"/> as a run, like a method marked <c>[ApieRun]</c>: the run belongs to the ambient
    /// session, completes when the task completes, and an exception is recorded and passed on unchanged.
    /// </summary>
    public Task<T> WithRunAsync<T>(Func<Task<T>> body, ApieRunOptions? options = null)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        return Wrap(StartRunScope(DescriptionOf(options)), body);
    }

    /// <summary>Runs <paramref name="body"/> as a run; see <see cref="WithRunAsync{T}(Func{Task{T}}, ApieRunOptions?)"/>.</summary>
    public Task WithRunAsync(Func<Task> body, ApieRunOptions? options = null)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        return Wrap(StartRunScope(DescriptionOf(options)), body);
    }

    /// <summary>
    /// Runs <paramref name="body"/> as a session, like a method marked <c>[ApieSession]</c>: runs started inside
    /// belong to it, and it completes <c>completed</c>, <c>failed</c> or <c>cancelled</c> when the task completes.
    /// </summary>
    public Task<T> WithSessionAsync<T>(Func<Task<T>> body, ApieSessionOptions? options = null)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        return Wrap(StartSessionScope(options?.Kind ?? SessionKind.SingleAgent, options?.InputSummary, options?.Environment), body);
    }

    /// <summary>Runs <paramref name="body"/> as a session; see <see cref="WithSessionAsync{T}(Func{Task{T}}, ApieSessionOptions?)"/>.</summary>
    public Task WithSessionAsync(Func<Task> body, ApieSessionOptions? options = null)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        return Wrap(StartSessionScope(options?.Kind ?? SessionKind.SingleAgent, options?.InputSummary, options?.Environment), body);
    }

    /// <summary>Records an <c>agent.error</c> event for <paramref name="exception"/> in the ambient run and session.</summary>
    public void CaptureError(Exception exception)
    {
        if (exception is null)
        {
            throw new ArgumentNullException(nameof(exception));
        }

        if (_dispatcher is not null)
        {
            var frame = AmbientContext.Current;
            CaptureError(exception, frame?.Run, frame?.Session);
        }
    }

    // The same steps as a generated wrapper: call the body inside the scope, let an exception pass unchanged,
    // restore the caller's context, and complete the record when the task completes.
    private static Task<T> Wrap<T>(ApieScope scope, Func<Task<T>> body)
    {
        Task<T> task;
        try
        {
            task = body();
        }
        catch (Exception exception) when (scope.Fail(exception))
        {
            throw;
        }
        finally
        {
            scope.Exit();
        }

        return scope.CompleteWhen(task, null);
    }

    private static Task Wrap(ApieScope scope, Func<Task> body)
    {
        Task task;
        try
        {
            task = body();
        }
        catch (Exception exception) when (scope.Fail(exception))
        {
            throw;
        }
        finally
        {
            scope.Exit();
        }

        return scope.CompleteWhen(task, null);
    }

    private static RunDescription DescriptionOf(ApieRunOptions? options)
        => new(options?.InputSummary, options?.Role, options?.StepKey, options?.StepName, options?.StepIndex, options?.Environment);

    /// <summary>Waits, at most for the request timeout, until what is queued so far was sent.</summary>
    internal async Task FlushWithinTimeoutAsync(CancellationToken cancellationToken)
    {
        if (_dispatcher is null)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Settings.Timeout);
        try
        {
            await _dispatcher.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The bound passed: the rest goes out in the background.
        }
    }
}

/// <summary>The description of a run, given when it starts.</summary>
public sealed class ApieRunOptions
{
    /// <summary>The run's input summary.</summary>
    public string? InputSummary { get; set; }

    /// <summary>The run's role in its session: <c>orchestrator</c>, <c>worker</c> or a custom role.</summary>
    public string? Role { get; set; }

    /// <summary>The key of the pipeline step the run performs.</summary>
    public string? StepKey { get; set; }

    /// <summary>The display name of the pipeline step.</summary>
    public string? StepName { get; set; }

    /// <summary>The position of the step in its pipeline.</summary>
    public int? StepIndex { get; set; }

    /// <summary>The environment; the client's by default.</summary>
    public string? Environment { get; set; }

    /// <summary>For <see cref="ApieRuns.StartAsync"/>: the session the run belongs to, instead of the ambient one.</summary>
    public ApieSession? Session { get; set; }

    /// <summary>For <see cref="ApieRuns.StartAsync"/>: the parent run, which must belong to <see cref="Session"/>.</summary>
    public ApieRun? Parent { get; set; }
}

/// <summary>The description of a session, given when it starts.</summary>
public sealed class ApieSessionOptions
{
    /// <summary>The kind of session; <see cref="SessionKind.SingleAgent"/> by default.</summary>
    public SessionKind Kind { get; set; } = SessionKind.SingleAgent;

    /// <summary>The session's input summary.</summary>
    public string? InputSummary { get; set; }

    /// <summary>The environment; the client's by default.</summary>
    public string? Environment { get; set; }
}

/// <summary>The final status of a run.</summary>
public enum ApieRunStatus
{
    /// <summary>The run did its work.</summary>
    Completed,

    /// <summary>The run ended with an error.</summary>
    Failed,
}

/// <summary>The final status of a session.</summary>
public enum ApieSessionStatus
{
    /// <summary>The session did its work.</summary>
    Completed,

    /// <summary>The session ended with an error.</summary>
    Failed,

    /// <summary>The session was cancelled.</summary>
    Cancelled,
}
