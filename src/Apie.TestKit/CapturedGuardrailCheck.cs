using System.Text.Json;

namespace Apie.TestKit;

/// <summary>One <c>POST /v1/guardrails/evaluate</c> request: what a tool call asked before its body ran.</summary>
public sealed record CapturedGuardrailCheck
{
    /// <summary>The tool name.</summary>
    public string ToolName { get; init; } = "";

    /// <summary>The run the tool call belongs to.</summary>
    public string? RunId { get; init; }

    /// <summary>The client's mode: <c>monitor</c> or <c>enforce</c>.</summary>
    public string? Mode { get; init; }

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

    internal static CapturedGuardrailCheck From(JsonElement body)
    {
        var tool = JsonRead.Object(body, "tool");
        var action = JsonRead.Object(body, "action");
        var resource = JsonRead.Object(body, "resource");
        var metadata = JsonRead.Object(body, "metadata");
        return new CapturedGuardrailCheck
        {
            ToolName = (tool is { } t ? JsonRead.String(t, "name") : null) ?? "",
            RunId = JsonRead.String(body, "run_id"),
            Mode = JsonRead.String(body, "mode"),
            RiskLevel = JsonRead.String(body, "risk_level"),
            ActionType = action is { } a ? JsonRead.String(a, "type") : null,
            ResourceType = resource is { } r ? JsonRead.String(r, "type") : null,
            ExternalId = resource is { } e ? JsonRead.String(e, "external_id") : null,
            PayloadSummary = metadata is { } m ? JsonRead.String(m, "payload_summary") : null,
        };
    }
}
