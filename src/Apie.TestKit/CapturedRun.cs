using System.Collections.Generic;

namespace Apie.TestKit;

/// <summary>A run as the client created and completed it.</summary>
public sealed record CapturedRun
{
    /// <summary>The id the capture gave the run, such as <c>run_test_1</c>.</summary>
    public string Id { get; init; } = "";

    /// <summary>The session the run belongs to, or null for a run outside any session.</summary>
    public string? SessionId { get; init; }

    /// <summary>The enclosing run of the same session, sent as <c>parent_run_id</c>.</summary>
    public string? ParentRunId { get; init; }

    /// <summary>The rendered input summary, such as <c>SupportAgent.TriageAsync</c> when the attribute sets none.</summary>
    public string? InputSummary { get; init; }

    /// <summary>The output summary of the completion (<c>metadata.outputSummary</c>), or null.</summary>
    public string? OutputSummary { get; init; }

    /// <summary>The final status: <c>completed</c> or <c>failed</c>; null while the run is open.</summary>
    public string? Status { get; init; }

    /// <summary>The role in its session, such as <c>worker</c>; sent only for runs in a session.</summary>
    public string? Role { get; init; }

    /// <summary>The pipeline step key; sent only for runs in a session.</summary>
    public string? StepKey { get; init; }

    /// <summary>The pipeline step name; sent only for runs in a session.</summary>
    public string? StepName { get; init; }

    /// <summary>The pipeline step index; sent only for runs in a session.</summary>
    public long? StepIndex { get; init; }

    /// <summary>The environment the run was created with.</summary>
    public string? Environment { get; init; }

    /// <summary>The full name of the exception type of a failed run (<c>metadata.error_type</c>), or null.</summary>
    public string? ErrorType { get; init; }

    /// <summary>Whether the run failed by cancellation (<c>metadata.cancelled</c>).</summary>
    public bool Cancelled { get; init; }

    /// <summary>The metadata of the completion, values as text; empty while the run is open.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The run's events in the order they were sent.</summary>
    public IReadOnlyList<CapturedEvent> Events { get; init; } = new List<CapturedEvent>();

    /// <summary>The run's tool calls in the order they started.</summary>
    public IReadOnlyList<CapturedToolCall> ToolCalls { get; init; } = new List<CapturedToolCall>();
}

/// <summary>A session as the client created and completed it.</summary>
public sealed record CapturedSession
{
    /// <summary>The id the capture gave the session, such as <c>ses_test_1</c>.</summary>
    public string Id { get; init; } = "";

    /// <summary>The wire name of the kind: <c>single_agent</c>, <c>multi_agent</c> or <c>pipeline</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>The rendered input summary.</summary>
    public string? InputSummary { get; init; }

    /// <summary>The output summary of the completion, or null.</summary>
    public string? OutputSummary { get; init; }

    /// <summary>The final status: <c>completed</c>, <c>failed</c> or <c>cancelled</c>; null while the session is open.</summary>
    public string? Status { get; init; }

    /// <summary>The environment the session was created with.</summary>
    public string? Environment { get; init; }

    /// <summary>The full name of the exception type of a failed session, or null.</summary>
    public string? ErrorType { get; init; }

    /// <summary>The runs of the session in the order they were created.</summary>
    public IReadOnlyList<CapturedRun> Runs { get; init; } = new List<CapturedRun>();

    /// <summary>The events of the session's runs and of the session itself, in the order they were sent.</summary>
    public IReadOnlyList<CapturedEvent> Events { get; init; } = new List<CapturedEvent>();
}
