using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace SupportPipeline;

/// <summary>
/// The sample's own record of one ticket's session and runs, with a status and a stopwatch per step, for the
/// console output. It is independent of Apie: Apie records the same steps from the attributes.
/// </summary>
/// <remarks>A ticket's steps run one after another, so the timeline needs no locking.</remarks>
public sealed class TicketTimeline
{
    private readonly List<TimelineStep> _runs = new();

    /// <summary>Creates an empty timeline for the ticket <paramref name="ticketId"/>.</summary>
    public TicketTimeline(string ticketId)
    {
        TicketId = ticketId;
    }

    /// <summary>The id of the ticket the timeline belongs to.</summary>
    public string TicketId { get; }

    /// <summary>The session step, or null before the session starts.</summary>
    public TimelineStep? Session { get; private set; }

    /// <summary>The run steps in the order they started.</summary>
    public IReadOnlyList<TimelineStep> Runs => _runs;

    /// <summary>Starts the session step and its stopwatch.</summary>
    internal TimelineStep StartSession()
    {
        Session = new TimelineStep(StepLevel.Session, "session", stepKey: null, stepIndex: null);
        return Session;
    }

    /// <summary>Starts the orchestrator's run step and its stopwatch.</summary>
    internal TimelineStep StartOrchestrator()
    {
        var step = new TimelineStep(StepLevel.Orchestrator, "orchestrator", stepKey: null, stepIndex: null);
        _runs.Add(step);
        return step;
    }

    /// <summary>Starts a worker's run step and its stopwatch.</summary>
    internal TimelineStep StartWorker(string stepKey, int stepIndex)
    {
        var step = new TimelineStep(StepLevel.Worker, "worker", stepKey, stepIndex);
        _runs.Add(step);
        return step;
    }
}

/// <summary>One session or run of a <see cref="TicketTimeline"/>.</summary>
public sealed class TimelineStep
{
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

    internal TimelineStep(StepLevel level, string role, string? stepKey, int? stepIndex)
    {
        Level = level;
        Role = role;
        StepKey = stepKey;
        StepIndex = stepIndex;
    }

    /// <summary>Where the step sits in the pipeline, which sets its indentation in the output.</summary>
    public StepLevel Level { get; }

    /// <summary>The role: <c>session</c>, <c>orchestrator</c> or <c>worker</c>.</summary>
    public string Role { get; }

    /// <summary>The pipeline step key of a worker, such as <c>triage</c>; null for the session and the orchestrator.</summary>
    public string? StepKey { get; }

    /// <summary>The zero-based position of a worker's step in the pipeline; null for the session and the orchestrator.</summary>
    public int? StepIndex { get; }

    /// <summary>The step's status; <see cref="StepStatus.Running"/> until it ends.</summary>
    public StepStatus Status { get; private set; } = StepStatus.Running;

    /// <summary>The time from the step's start to its end, or to now while it runs.</summary>
    public TimeSpan Duration => _stopwatch.Elapsed;

    /// <summary>A short description of the result, or the exception type and message of a failure.</summary>
    public string? Detail { get; private set; }

    /// <summary>Ends the step as completed.</summary>
    internal void Complete(string detail)
    {
        _stopwatch.Stop();
        Status = StepStatus.Completed;
        Detail = detail;
    }

    /// <summary>Ends the step as failed, or as cancelled for an <see cref="OperationCanceledException"/>.</summary>
    internal void Fail(Exception exception)
    {
        _stopwatch.Stop();
        Status = exception is OperationCanceledException ? StepStatus.Cancelled : StepStatus.Failed;
        Detail = $"{exception.GetType().Name}: {exception.Message}";
    }

    /// <summary>
    /// Awaits <paramref name="work"/> and ends the step with its outcome. An exception ends the step as failed
    /// and reaches the caller unchanged.
    /// </summary>
    internal async Task<T> RecordAsync<T>(Func<Task<T>> work, Func<T, string> describe)
    {
        T result;
        try
        {
            result = await work();
        }
        catch (Exception exception)
        {
            Fail(exception);
            throw;
        }

        Complete(describe(result));
        return result;
    }
}

/// <summary>Where a step sits in the support pipeline.</summary>
public enum StepLevel
{
    /// <summary>The ticket's session.</summary>
    Session,

    /// <summary>The orchestrator run, directly in the session.</summary>
    Orchestrator,

    /// <summary>A worker run that the orchestrator started.</summary>
    Worker,
}

/// <summary>The status of a timeline step.</summary>
public enum StepStatus
{
    /// <summary>The step has not ended.</summary>
    Running,

    /// <summary>The step ended normally.</summary>
    Completed,

    /// <summary>The step ended with an exception.</summary>
    Failed,

    /// <summary>The step ended because the pipeline was cancelled.</summary>
    Cancelled,
}
