using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Apie.Context;

namespace Apie.Recording;

/// <summary>
/// A run or session as the client tracks it. The server id arrives later, from the background sender, so
/// everything that refers to the record resolves the id only when its own request is sent.
/// </summary>
internal abstract class TraceRecord
{
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private long _sequence;
    private string? _serverId;
    private string? _localId;
    private int _completed;

    // 0 while the creation request is pending, 1 once it succeeded, 2 once it was given up.
    private int _creationState;

    // Created only when someone waits for the creation, which most records never need.
    private TaskCompletionSource<bool>? _creation;

    protected TraceRecord(string? inputSummary, string? environment)
    {
        InputSummary = inputSummary;
        Environment = environment;
        StartedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>The client-side id, made on first use; the queue journal names records by it.</summary>
    public string LocalId
    {
        get
        {
            var id = Volatile.Read(ref _localId);
            return id ?? Interlocked.CompareExchange(ref _localId, Guid.NewGuid().ToString("N"), null) ?? _localId!;
        }

        init => _localId = value;
    }

    public string? InputSummary { get; }

    public string? Environment { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The id the service gave the record, or null until its creation request succeeded.</summary>
    public string? ServerId
    {
        get => Volatile.Read(ref _serverId);
        set
        {
            Volatile.Write(ref _serverId, value);
            Interlocked.Exchange(ref _creationState, 1);
            Volatile.Read(ref _creation)?.TrySetResult(true);
        }
    }

    /// <summary>Set when the service finally rejected the creation request; what refers to the record is dropped.</summary>
    public bool CreateFailed
    {
        get => Volatile.Read(ref _creationState) == 2;
        set
        {
            if (value && Interlocked.CompareExchange(ref _creationState, 2, 0) == 0)
            {
                Volatile.Read(ref _creation)?.TrySetResult(false);
            }
        }
    }

    /// <summary>Waits at most <paramref name="bound"/> for the creation request to succeed or fail; never throws.</summary>
    public Task WaitForServerIdAsync(TimeSpan bound)
    {
        if (Volatile.Read(ref _creationState) != 0)
        {
            return Task.CompletedTask;
        }

        var creation = LazyInitializer.EnsureInitialized(ref _creation, () => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously))!;

        // The state may have changed before the source existed: settle it here so the wait cannot miss it.
        if (Volatile.Read(ref _creationState) != 0)
        {
            creation.TrySetResult(ServerId is not null);
        }

        return Task.WhenAny(creation.Task, Task.Delay(bound));
    }

    /// <summary>The final status once completed, such as <c>completed</c>; null while the record is open.</summary>
    public string? Status { get; private set; }

    public TimeSpan Elapsed => TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - _startTimestamp) / (double)Stopwatch.Frequency);

    /// <summary>Returns the next sequence number of the record's events, from 1, without gaps under concurrency.</summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>Marks the record completed with a status; returns false when it already was.</summary>
    public bool TryComplete(string status)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        Status = status;
        return true;
    }
}

/// <summary>A session: groups the runs started while it is the ambient session.</summary>
internal sealed class SessionRecord : TraceRecord, IAmbientFrame
{
    public SessionRecord(SessionKind kind, string? inputSummary, string? environment)
        : base(inputSummary, environment)
    {
        Kind = kind;
    }

    public SessionKind Kind { get; }

    SessionRecord? IAmbientFrame.Session => this;

    RunRecord? IAmbientFrame.Run => null;

    /// <summary>Returns the wire name of the kind: <c>single_agent</c>, <c>multi_agent</c> or <c>pipeline</c>.</summary>
    public string WireKind => Kind switch
    {
        SessionKind.MultiAgent => "multi_agent",
        SessionKind.Pipeline => "pipeline",
        _ => "single_agent",
    };
}

/// <summary>A run: one unit of agent work, possibly inside a session and under a parent run.</summary>
internal sealed class RunRecord : TraceRecord, IAmbientFrame
{
    public RunRecord(RunDescription description, SessionRecord? session, RunRecord? parent)
        : base(description.InputSummary, description.Environment)
    {
        Description = description;
        Session = session;
        Parent = parent;
    }

    public RunDescription Description { get; }

    public SessionRecord? Session { get; }

    /// <summary>The enclosing run of the same session, sent as <c>parent_run_id</c>.</summary>
    public RunRecord? Parent { get; }

    RunRecord? IAmbientFrame.Run => this;
}

/// <summary>What the caller says about a run when it starts.</summary>
internal readonly record struct RunDescription(
    string? InputSummary,
    string? Role,
    string? StepKey,
    string? StepName,
    int? StepIndex,
    string? Environment);

/// <summary>A handoff between two runs of a session; its server id arrives from the background sender.</summary>
internal sealed class HandoffRecord : TraceRecord
{
    public HandoffRecord(SessionRecord session, RunRecord? source, RunRecord? target, string? inputSummary)
        : base(inputSummary, null)
    {
        Session = session;
        Source = source;
        Target = target;
    }

    public SessionRecord Session { get; }

    public RunRecord? Source { get; }

    public RunRecord? Target { get; }

    public string? TargetAgentId { get; init; }

    public string? Reason { get; init; }

    public string? PayloadSummary { get; init; }
}
