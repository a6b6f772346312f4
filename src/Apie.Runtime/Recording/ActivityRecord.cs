using System;
using System.Diagnostics;
using System.Threading;
using Apie.Serialization;

namespace Apie.Recording;

/// <summary>The kinds of work that record events in a run instead of opening a record of their own.</summary>
internal enum WorkKind
{
    Tool,
    WorkflowStep,
    LlmCall,
}

/// <summary>
/// One tool call, workflow step or model call in a run. When no run was ambient, the activity opened
/// <see cref="Run"/> itself and completes it too.
/// </summary>
internal sealed class ActivityRecord
{
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private int _begun;
    private int _finished;

    public ActivityRecord(WorkKind kind, RunRecord run, bool ownsRun)
    {
        Kind = kind;
        Run = run;
        OwnsRun = ownsRun;
    }

    public WorkKind Kind { get; }

    public RunRecord Run { get; }

    /// <summary>Whether the activity opened its run because none was ambient.</summary>
    public bool OwnsRun { get; }

    public ToolDescription? Tool { get; init; }

    public StepDescription? Step { get; init; }

    public LlmCallDescription? LlmCall { get; init; }

    public string? PayloadSummary { get; init; }

    /// <summary>Whether the start events were sent, which happens once the guardrails let the call proceed.</summary>
    public bool HasBegun => Volatile.Read(ref _begun) != 0;

    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    public TimeSpan Elapsed => TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - _startTimestamp) / (double)Stopwatch.Frequency);

    /// <summary>Returns true the first time only: the start events go out once.</summary>
    public bool TryBegin() => Interlocked.Exchange(ref _begun, 1) == 0;

    /// <summary>Returns true the first time only: the final events go out once.</summary>
    public bool TryFinish() => Interlocked.Exchange(ref _finished, 1) == 0;
}

/// <summary>A tool call as guardrails and events describe it, after defaults and name inference.</summary>
internal sealed record ToolDescription(
    string Name,
    string? Provider,
    string? RiskLevel,
    string ActionType,
    string ActionName,
    string ResourceType,
    string? ExternalId,
    string? Environment,
    bool Guard)
{
    public WireTool WireTool() => new() { Name = Name, Provider = Provider, RiskLevel = RiskLevel };

    public WireAction WireAction() => new() { Type = ActionType, Name = ActionName, RiskLevel = RiskLevel };

    public WireResource WireResource() => new() { Type = ResourceType, ExternalId = ExternalId, Provider = Provider, Environment = Environment };
}

/// <summary>A named step of a run.</summary>
internal sealed record StepDescription(string Key, string? Name, int? Index);

/// <summary>A model call: the provider and model, the client's by default.</summary>
internal sealed record LlmCallDescription(string? Provider, string? Model);
