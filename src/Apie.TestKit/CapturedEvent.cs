using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Apie.TestKit;

/// <summary>One event from a <c>POST /v1/events</c> batch, with the fields tests assert on most.</summary>
public sealed record CapturedEvent
{
    /// <summary>The event type, such as <c>agent.tool.called</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>The event's UUID.</summary>
    public string? EventId { get; init; }

    /// <summary>The run the event belongs to, or null.</summary>
    public string? RunId { get; init; }

    /// <summary>The session the event belongs to, or null.</summary>
    public string? SessionId { get; init; }

    /// <summary>The event's number within its run, from 1.</summary>
    public long? SequenceNumber { get; init; }

    /// <summary>The event's number within its session, from 1.</summary>
    public long? SessionSequenceNumber { get; init; }

    /// <summary>The environment.</summary>
    public string? Environment { get; init; }

    /// <summary>The rendered payload summary, or null.</summary>
    public string? PayloadSummary { get; init; }

    /// <summary>The tool name (<c>tool.name</c>) of a tool event, or null.</summary>
    public string? ToolName { get; init; }

    /// <summary>The tool provider, or null.</summary>
    public string? ToolProvider { get; init; }

    /// <summary>The tool's risk level, such as <c>high</c>, or null.</summary>
    public string? RiskLevel { get; init; }

    /// <summary>The action type, such as <c>execute</c> or <c>update</c>, or null.</summary>
    public string? ActionType { get; init; }

    /// <summary>The resource type, such as <c>payment</c>, or null.</summary>
    public string? ResourceType { get; init; }

    /// <summary>The resource's external id, or null.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The step key of a workflow step event, or of the run's step.</summary>
    public string? StepKey { get; init; }

    /// <summary>The effective guardrail decision of <c>agent.guardrail.evaluated</c>, such as <c>allow</c>, or null.</summary>
    public string? Decision { get; init; }

    /// <summary>The reason of a guardrail decision, or null.</summary>
    public string? DecisionReason { get; init; }

    /// <summary>The approval status of an approval event, such as <c>pending</c> or <c>approved</c>, or null.</summary>
    public string? ApprovalStatus { get; init; }

    /// <summary>The error message of a failure or <c>agent.error</c> event, or null.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The event's metadata, values as text: strings as they are, other values as JSON.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The whole event as it was sent.</summary>
    public JsonElement Json { get; init; }

    internal static CapturedEvent From(JsonElement wire)
    {
        var tool = JsonRead.Object(wire, "tool");
        var action = JsonRead.Object(wire, "action");
        var resource = JsonRead.Object(wire, "resource");
        var decision = JsonRead.Object(wire, "decision");
        var approval = JsonRead.Object(wire, "approval");
        var error = JsonRead.Object(wire, "error");
        return new CapturedEvent
        {
            Type = JsonRead.String(wire, "type") ?? "",
            EventId = JsonRead.String(wire, "event_id"),
            RunId = JsonRead.String(wire, "run_id"),
            SessionId = JsonRead.String(wire, "session_id"),
            SequenceNumber = JsonRead.Integer(wire, "sequence_number"),
            SessionSequenceNumber = JsonRead.Integer(wire, "session_sequence_number"),
            Environment = JsonRead.String(wire, "environment"),
            PayloadSummary = JsonRead.String(wire, "payload_summary"),
            ToolName = tool is { } t ? JsonRead.String(t, "name") : null,
            ToolProvider = tool is { } p ? JsonRead.String(p, "provider") : null,
            RiskLevel = tool is { } r ? JsonRead.String(r, "risk_level") : null,
            ActionType = action is { } a ? JsonRead.String(a, "type") : null,
            ResourceType = resource is { } rt ? JsonRead.String(rt, "type") : null,
            ExternalId = resource is { } re ? JsonRead.String(re, "external_id") : null,
            StepKey = JsonRead.String(wire, "step_key"),
            Decision = decision is { } d ? JsonRead.String(d, "effectiveDecision") : null,
            DecisionReason = decision is { } dr ? JsonRead.String(dr, "reason") : null,
            ApprovalStatus = approval is { } ap ? JsonRead.String(ap, "status") : null,
            ErrorMessage = error is { } e ? JsonRead.String(e, "message") : null,
            Metadata = JsonRead.Texts(JsonRead.Object(wire, "metadata")),
            Json = wire,
        };
    }
}

/// <summary>Filters of captured events.</summary>
public static class CapturedEventExtensions
{
    /// <summary>Returns the events of <paramref name="type"/>, such as <c>agent.tool.called</c>, in order.</summary>
    public static IReadOnlyList<CapturedEvent> OfType(this IEnumerable<CapturedEvent> events, string type)
    {
        if (events is null)
        {
            throw new ArgumentNullException(nameof(events));
        }

        return events.Where(item => string.Equals(item.Type, type, StringComparison.Ordinal)).ToList();
    }
}
