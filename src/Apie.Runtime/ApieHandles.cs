using System;
using System.Threading;
using System.Threading.Tasks;
using Apie.Context;
using Apie.Recording;

namespace Apie;

/// <summary>A run started by hand with <see cref="ApieRuns.StartAsync"/>.</summary>
public sealed class ApieRun
{
    internal ApieRun(RunRecord record)
    {
        Record = record;
    }

    /// <summary>The id the service gave the run, or null while its creation has not gone through.</summary>
    public string? Id => Record.ServerId;

    /// <summary>The final status once completed, or null while the run is open.</summary>
    public string? Status => Record.Status;

    internal RunRecord Record { get; }
}

/// <summary>A session started by hand with <see cref="ApieSessions.StartAsync"/>.</summary>
public sealed class ApieSession
{
    internal ApieSession(SessionRecord record)
    {
        Record = record;
    }

    /// <summary>The id the service gave the session, or null while its creation has not gone through.</summary>
    public string? Id => Record.ServerId;

    /// <summary>The final status once completed, or null while the session is open.</summary>
    public string? Status => Record.Status;

    internal SessionRecord Record { get; }
}

/// <summary>Manual run lifecycle: for work whose start and end are not one method call.</summary>
public sealed class ApieRuns
{
    private readonly ApieClient _client;

    internal ApieRuns(ApieClient client)
    {
        _client = client;
    }

    /// <summary>
    /// Starts a run in <see cref="ApieRunOptions.Session"/>, or else the ambient session, and waits at most the
    /// request timeout for its id. The run does not become ambient. Never throws for a failure of the service.
    /// </summary>
    public async Task<ApieRun> StartAsync(ApieRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var description = new RunDescription(options?.InputSummary, options?.Role, options?.StepKey, options?.StepName, options?.StepIndex, options?.Environment);
        var record = options?.Session is null && options?.Parent is null
            ? _client.OpenRun(description, AmbientContext.Current)
            : _client.OpenRun(description, options.Session?.Record, options.Parent?.Record);
        var run = new ApieRun(record);
        await _client.FlushWithinTimeoutAsync(cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Completes the run; a second completion of the same run is ignored.</summary>
    public Task CompleteAsync(ApieRun run, ApieRunStatus status = ApieRunStatus.Completed, string? outputSummary = null, CancellationToken cancellationToken = default)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        if (status == ApieRunStatus.Failed)
        {
            _client.Fail(run.Record, new ApieException(outputSummary ?? "The run failed."));
        }
        else
        {
            _client.Complete(run.Record, outputSummary);
        }

        return _client.FlushWithinTimeoutAsync(cancellationToken);
    }
}

/// <summary>Manual session lifecycle.</summary>
public sealed class ApieSessions
{
    private readonly ApieClient _client;

    internal ApieSessions(ApieClient client)
    {
        _client = client;
    }

    /// <summary>Starts a session and waits at most the request timeout for its id. The session does not become ambient.</summary>
    public async Task<ApieSession> StartAsync(ApieSessionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var session = new ApieSession(_client.OpenSession(options?.Kind ?? SessionKind.SingleAgent, options?.InputSummary, options?.Environment));
        await _client.FlushWithinTimeoutAsync(cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>Completes the session; a second completion of the same session is ignored.</summary>
    public Task CompleteAsync(ApieSession session, ApieSessionStatus status = ApieSessionStatus.Completed, string? outputSummary = null, CancellationToken cancellationToken = default)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        switch (status)
        {
            case ApieSessionStatus.Failed:
                _client.Fail(session.Record, new ApieException(outputSummary ?? "The session failed."));
                break;
            case ApieSessionStatus.Cancelled:
                _client.Fail(session.Record, new OperationCanceledException(outputSummary ?? "The session was cancelled."));
                break;
            default:
                _client.Complete(session.Record, outputSummary);
                break;
        }

        return _client.FlushWithinTimeoutAsync(cancellationToken);
    }
}

/// <summary>A handoff requested with <see cref="ApieHandoffs.Request"/>.</summary>
public sealed class ApieHandoff
{
    internal ApieHandoff(HandoffRecord record)
    {
        Record = record;
    }

    /// <summary>The id the service gave the handoff, such as <c>hof_…</c>, or null while its request has not gone through.</summary>
    public string? Id => Record.ServerId;

    internal HandoffRecord Record { get; }
}

/// <summary>The description of a handoff, given when it is requested.</summary>
public sealed class ApieHandoffOptions
{
    /// <summary>The session the handoff belongs to; the ambient session by default.</summary>
    public ApieSession? Session { get; set; }

    /// <summary>The run that hands work over; the ambient run by default.</summary>
    public ApieRun? Source { get; set; }

    /// <summary>The run that takes the work, when it already exists.</summary>
    public ApieRun? Target { get; set; }

    /// <summary>The agent that takes the work, sent as <c>target_agent_id</c>.</summary>
    public string? TargetAgentId { get; set; }

    /// <summary>Why the work is handed over.</summary>
    public string? Reason { get; set; }

    /// <summary>A summary of the work handed over.</summary>
    public string? InputSummary { get; set; }

    /// <summary>A summary of the data handed over.</summary>
    public string? PayloadSummary { get; set; }
}

/// <summary>
/// Work handed from one run to another in a session: <see cref="Request"/> creates the handoff
/// (<c>POST /v1/sessions/{id}/handoffs</c>) and sends <c>agent.handoff.requested</c>; <see cref="Accept"/>,
/// <see cref="Complete"/> and <see cref="Fail"/> send the events that follow it. Nothing here waits on the network.
/// </summary>
public sealed class ApieHandoffs
{
    private readonly ApieClient _client;

    internal ApieHandoffs(ApieClient client)
    {
        _client = client;
    }

    /// <summary>Requests a handoff from the source run.</summary>
    /// <exception cref="InvalidOperationException">No session is ambient and <see cref="ApieHandoffOptions.Session"/> is not set.</exception>
    public ApieHandoff Request(ApieHandoffOptions? options = null)
    {
        var frame = AmbientContext.Current;
        var session = options?.Session?.Record ?? frame?.Session;
        if (session is null)
        {
            throw new InvalidOperationException(
                "A handoff belongs to a session. Request it inside an [ApieSession] method or WithSessionAsync, or set ApieHandoffOptions.Session.");
        }

        var record = new HandoffRecord(session, options?.Source?.Record ?? frame?.Run, options?.Target?.Record, _client.RedactText(options?.InputSummary))
        {
            TargetAgentId = options?.TargetAgentId,
            Reason = _client.RedactText(options?.Reason),
            PayloadSummary = _client.RedactText(options?.PayloadSummary),
        };
        _client.RequestHandoff(record);
        return new ApieHandoff(record);
    }

    /// <summary>Sends <c>agent.handoff.accepted</c>, in the ambient run or else the source run.</summary>
    public void Accept(ApieHandoff handoff) => _client.SendHandoffEvent(Checked(handoff), "agent.handoff.accepted", null);

    /// <summary>Sends <c>agent.handoff.completed</c>, in the ambient run or else the source run.</summary>
    public void Complete(ApieHandoff handoff) => _client.SendHandoffEvent(Checked(handoff), "agent.handoff.completed", null);

    /// <summary>Sends <c>agent.handoff.failed</c> with an optional reason, in the ambient run or else the source run.</summary>
    public void Fail(ApieHandoff handoff, string? reason = null) => _client.SendHandoffEvent(Checked(handoff), "agent.handoff.failed", reason);

    private static HandoffRecord Checked(ApieHandoff handoff) => (handoff ?? throw new ArgumentNullException(nameof(handoff))).Record;
}
