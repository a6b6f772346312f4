using System.Collections.Generic;

namespace Apie.TestKit;

/// <summary>
/// One tool call, put together from its events: <c>agent.guardrail.evaluated</c>, <c>agent.tool.called</c>,
/// then <c>agent.action.completed</c> or <c>agent.action.failed</c>.
/// </summary>
public sealed record CapturedToolCall
{
    /// <summary>The tool name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The run the call belongs to.</summary>
    public string? RunId { get; init; }

    /// <summary>
    /// <c>completed</c>, <c>failed</c>, <c>blocked</c> when a guardrail stopped it before its body ran, or
    /// <c>running</c> while its body runs.
    /// </summary>
    public string Status { get; init; } = "running";

    /// <summary>The tool's rendered result (<c>metadata.result</c>) after success, or null.</summary>
    public string? Result { get; init; }

    /// <summary>The error message after a failure, or null.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The effective guardrail decision, such as <c>allow</c>, or null when the tool has <c>Guard = false</c>.</summary>
    public string? Decision { get; init; }

    /// <summary>The tool provider, or null.</summary>
    public string? Provider { get; init; }

    /// <summary>The risk level, such as <c>high</c>, or null.</summary>
    public string? RiskLevel { get; init; }

    /// <summary>The action type, such as <c>update</c>.</summary>
    public string? ActionType { get; init; }

    /// <summary>The resource type, such as <c>payment</c>.</summary>
    public string? ResourceType { get; init; }

    /// <summary>The resource's external id, or null.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The rendered payload summary, or null.</summary>
    public string? PayloadSummary { get; init; }

    /// <summary>The call's events in the order they were sent.</summary>
    public IReadOnlyList<CapturedEvent> Events { get; init; } = new List<CapturedEvent>();
}
