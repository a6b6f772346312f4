using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Apie;

namespace SupportPipeline;

/// <summary>
/// The sample's own record of one ticket's session, runs and tool calls, with a status and a stopwatch per entry,
/// for the console output. It is independent of Apie: Apie records the same steps from the attributes.
/// </summary>
/// <remarks>A ticket's steps run one after another, so the timeline needs no locking.</remarks>
public sealed class TicketTimeline
{
    private readonly List<TimelineStep> _runs = new();
    private readonly List<ToolCallStep> _toolCalls = new();
    private readonly List<TimelineEntry> _entries = new();

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

    /// <summary>The tool calls of all runs in the order they started.</summary>
    public IReadOnlyList<ToolCallStep> ToolCalls => _toolCalls;

    /// <summary>The runs and tool calls together, in the order they started. The session is not included.</summary>
    public IReadOnlyList<TimelineEntry> Entries => _entries;

    /// <summary>Starts the session step and its stopwatch.</summary>
    internal TimelineStep StartSession()
    {
        Session = new TimelineStep(this, StepLevel.Session, "session", stepKey: null, stepIndex: null);
        return Session;
    }

    /// <summary>Starts the orchestrator's run step and its stopwatch.</summary>
    internal TimelineStep StartOrchestrator()
        => AddRun(new TimelineStep(this, StepLevel.Orchestrator, "orchestrator", stepKey: null, stepIndex: null));

    /// <summary>Starts a worker's run step and its stopwatch.</summary>
    internal TimelineStep StartWorker(string stepKey, int stepIndex)
        => AddRun(new TimelineStep(this, StepLevel.Worker, "worker", stepKey, stepIndex));

    /// <summary>Starts a tool call of <paramref name="run"/> and its stopwatch.</summary>
    internal ToolCallStep StartToolCall(TimelineStep run, string toolName)
    {
        var toolCall = new ToolCallStep(run, toolName);
        _toolCalls.Add(toolCall);
        _entries.Add(toolCall);
        return toolCall;
    }

    private TimelineStep AddRun(TimelineStep run)
    {
        _runs.Add(run);
        _entries.Add(run);
        return run;
    }
}

/// <summary>A timed entry of a <see cref="TicketTimeline"/>: a session, a run or a tool call.</summary>
public abstract class TimelineEntry
{
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

    private protected TimelineEntry()
    {
    }

    /// <summary>The time from the entry's start to its end, or to now while it runs.</summary>
    public TimeSpan Duration => _stopwatch.Elapsed;

    /// <summary>A short description of the result, or of why the entry failed or was blocked.</summary>
    public string? Detail { get; private set; }

    /// <summary>Stops the stopwatch and keeps <paramref name="detail"/>.</summary>
    private protected void End(string detail)
    {
        _stopwatch.Stop();
        Detail = detail;
    }

    /// <summary>Returns the exception's type name and message, the detail of a failed entry.</summary>
    private protected static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";
}

/// <summary>One session or run of a <see cref="TicketTimeline"/>.</summary>
public sealed class TimelineStep : TimelineEntry
{
    private readonly TicketTimeline _timeline;

    internal TimelineStep(TicketTimeline timeline, StepLevel level, string role, string? stepKey, int? stepIndex)
    {
        _timeline = timeline;
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

    /// <summary>Ends the step as completed.</summary>
    internal void Complete(string detail)
    {
        End(detail);
        Status = StepStatus.Completed;
    }

    /// <summary>Ends the step as failed, or as cancelled for an <see cref="OperationCanceledException"/>.</summary>
    internal void Fail(Exception exception)
    {
        End(Describe(exception));
        Status = exception is OperationCanceledException ? StepStatus.Cancelled : StepStatus.Failed;
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

    /// <summary>
    /// Records a call of the tool <paramref name="toolName"/> that this run makes, and awaits it. See
    /// <see cref="ToolCallStep.RecordAsync{T}"/> for how the call ends.
    /// </summary>
    internal Task<T> RecordToolAsync<T>(string toolName, Func<Task<T>> call, Func<T, string> describe)
        => _timeline.StartToolCall(this, toolName).RecordAsync(call, describe);
}

/// <summary>One tool call of a run in a <see cref="TicketTimeline"/>.</summary>
public sealed class ToolCallStep : TimelineEntry
{
    internal ToolCallStep(TimelineStep run, string toolName)
    {
        Run = run;
        ToolName = toolName;
    }

    /// <summary>The run that made the call.</summary>
    public TimelineStep Run { get; }

    /// <summary>The tool's name, such as <c>billing.refund</c>.</summary>
    public string ToolName { get; }

    /// <summary>The call's status, <see cref="ToolCallStatus.Running"/> until it ends.</summary>
    public ToolCallStatus Status { get; private set; } = ToolCallStatus.Running;

    /// <summary>
    /// Why a blocked call did not run: the guardrail's reason, or the approval's final status and id. Null for a
    /// call that was not blocked, and for a block that gave no reason.
    /// </summary>
    public string? BlockReason { get; private set; }

    /// <summary>The keys of the guardrails that blocked the call. Empty unless a guardrail blocked it.</summary>
    public IReadOnlyList<string> MatchedGuardrails { get; private set; } = Array.Empty<string>();

    /// <summary>
    /// Awaits <paramref name="call"/> and ends the tool call with its outcome. A returned result makes it allowed.
    /// <see cref="ApieGuardrailBlockedException"/> and <see cref="ApieApprovalException"/> make it blocked, because
    /// the tool's body never ran, and any other exception makes it failed or cancelled. Every exception reaches the
    /// caller unchanged.
    /// </summary>
    internal async Task<T> RecordAsync<T>(Func<Task<T>> call, Func<T, string> describe)
    {
        T result;
        try
        {
            result = await call();
        }
        catch (ApieGuardrailBlockedException exception)
        {
            Block(exception.Reason, exception.MatchedGuardrails);
            throw;
        }
        catch (ApieApprovalException exception)
        {
            var approval = exception.ApprovalId is null ? "" : $" ({exception.ApprovalId})";
            Block($"approval {exception.Status}{approval}", Array.Empty<string>());
            throw;
        }
        catch (Exception exception)
        {
            End(Describe(exception));
            Status = exception is OperationCanceledException ? ToolCallStatus.Cancelled : ToolCallStatus.Failed;
            throw;
        }

        End(describe(result));
        Status = ToolCallStatus.Allowed;
        return result;
    }

    private void Block(string? reason, IReadOnlyList<string> matchedGuardrails)
    {
        BlockReason = reason;
        MatchedGuardrails = matchedGuardrails;
        var guardrails = matchedGuardrails.Count == 0 ? "" : $" (guardrail {string.Join(", ", matchedGuardrails)})";
        End((reason ?? "no reason given") + guardrails);
        Status = ToolCallStatus.Blocked;
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

/// <summary>The status of a tool call.</summary>
public enum ToolCallStatus
{
    /// <summary>The call has not ended.</summary>
    Running,

    /// <summary>The guardrails let the call run, and the tool returned.</summary>
    Allowed,

    /// <summary>A guardrail blocked the call, or its approval was not granted, so the tool's body never ran.</summary>
    Blocked,

    /// <summary>
    /// The call threw another exception: the tool's body threw, or the guardrail request failed under
    /// <c>guardFailureMode</c> <c>throw</c>.
    /// </summary>
    Failed,

    /// <summary>The call ended because the pipeline was cancelled.</summary>
    Cancelled,
}
