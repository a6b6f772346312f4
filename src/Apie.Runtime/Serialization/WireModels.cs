using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Apie.Serialization;

// Request and response bodies of the Apie HTTP API. Top-level keys are snake_case, and unset fields are left
// out (the serializer context ignores nulls).

internal sealed class IdentifyRequest
{
    [JsonPropertyName("agent")] public IdentifyAgent Agent { get; set; } = new();

    [JsonPropertyName("runtime")] public IdentifyRuntime Runtime { get; set; } = new();

    [JsonPropertyName("model")] public IdentifyModel? Model { get; set; }

    [JsonPropertyName("mode")] public string Mode { get; set; } = "monitor";

    [JsonPropertyName("tools")] public IReadOnlyList<string> Tools { get; set; } = new List<string>();

    [JsonPropertyName("capabilities")] public IReadOnlyList<string>? Capabilities { get; set; }

    [JsonPropertyName("prompt_hash")] public string? PromptHash { get; set; }

    [JsonPropertyName("hostname")] public string? Hostname { get; set; }

    [JsonPropertyName("version")] public IdentifyVersion? Version { get; set; }

    [JsonPropertyName("source")] public IdentifySource? Source { get; set; }
}

internal sealed class IdentifyAgent
{
    [JsonPropertyName("key")] public string Key { get; set; } = "";

    [JsonPropertyName("name")] public string Name { get; set; } = "";

    [JsonPropertyName("purpose")] public string? Purpose { get; set; }

    [JsonPropertyName("owner_email")] public string? OwnerEmail { get; set; }

    [JsonPropertyName("team")] public string? Team { get; set; }

    [JsonPropertyName("description")] public string? Description { get; set; }
}

internal sealed class IdentifyRuntime
{
    [JsonPropertyName("environment")] public string? Environment { get; set; }

    [JsonPropertyName("framework")] public string Framework { get; set; } = "";

    [JsonPropertyName("language")] public string Language { get; set; } = "";

    [JsonPropertyName("sdk_version")] public string SdkVersion { get; set; } = "";
}

internal sealed class IdentifyModel
{
    [JsonPropertyName("provider")] public string? Provider { get; set; }

    [JsonPropertyName("name")] public string? Name { get; set; }
}

// NOTE: the service documents `version` as an object without naming its fields; the label goes in `name`.
internal sealed class IdentifyVersion
{
    [JsonPropertyName("name")] public string? Name { get; set; }
}

internal sealed class IdentifySource
{
    [JsonPropertyName("git_sha")] public string? GitSha { get; set; }

    [JsonPropertyName("deployment_id")] public string? DeploymentId { get; set; }
}

internal sealed class IdentifyResponse
{
    [JsonPropertyName("agent_id")] public string? AgentId { get; set; }

    [JsonPropertyName("agent_version_id")] public string? AgentVersionId { get; set; }

    [JsonPropertyName("workspace_id")] public string? WorkspaceId { get; set; }

    [JsonPropertyName("dashboard_url")] public string? DashboardUrl { get; set; }
}

/// <summary>The body of <c>POST /v1/runs</c> and, with the session fields set, <c>POST /v1/sessions/{id}/runs</c>.</summary>
internal sealed class CreateRunRequest
{
    [JsonPropertyName("agent_key")] public string AgentKey { get; set; } = "";

    [JsonPropertyName("agent_id")] public string? AgentId { get; set; }

    [JsonPropertyName("agent_version_id")] public string? AgentVersionId { get; set; }

    [JsonPropertyName("parent_run_id")] public string? ParentRunId { get; set; }

    [JsonPropertyName("trigger_event_id")] public string? TriggerEventId { get; set; }

    [JsonPropertyName("step_key")] public string? StepKey { get; set; }

    [JsonPropertyName("step_name")] public string? StepName { get; set; }

    [JsonPropertyName("step_index")] public int? StepIndex { get; set; }

    [JsonPropertyName("role")] public string? Role { get; set; }

    [JsonPropertyName("environment")] public string? Environment { get; set; }

    [JsonPropertyName("input_summary")] public string? InputSummary { get; set; }

    [JsonPropertyName("metadata")] public JsonObject? Metadata { get; set; }
}

internal sealed class CreateSessionRequest
{
    [JsonPropertyName("kind")] public string Kind { get; set; } = "single_agent";

    [JsonPropertyName("orchestrator_agent_key")] public string? OrchestratorAgentKey { get; set; }

    [JsonPropertyName("orchestrator_agent_id")] public string? OrchestratorAgentId { get; set; }

    [JsonPropertyName("environment")] public string? Environment { get; set; }

    [JsonPropertyName("input_summary")] public string? InputSummary { get; set; }

    [JsonPropertyName("metadata")] public JsonObject? Metadata { get; set; }
}

/// <summary>The body of <c>POST /v1/runs/{id}/complete</c> and <c>POST /v1/sessions/{id}/complete</c>.</summary>
internal sealed class CompleteRequest
{
    [JsonPropertyName("status")] public string Status { get; set; } = "completed";

    [JsonPropertyName("output_summary")] public string? OutputSummary { get; set; }

    [JsonPropertyName("metadata")] public JsonObject? Metadata { get; set; }
}

internal sealed class CreatedResponse
{
    [JsonPropertyName("id")] public string? Id { get; set; }

    [JsonPropertyName("session_id")] public string? SessionId { get; set; }

    [JsonPropertyName("status")] public string? Status { get; set; }

    [JsonPropertyName("started_at")] public string? StartedAt { get; set; }
}

internal sealed class EventBatch
{
    [JsonPropertyName("events")] public IReadOnlyList<WireEvent> Events { get; set; } = new List<WireEvent>();
}

/// <summary>One event as the service receives it; the type-specific objects stay null where they do not apply.</summary>
internal sealed class WireEvent
{
    [JsonPropertyName("type")] public string Type { get; set; } = "";

    [JsonPropertyName("agent_key")] public string? AgentKey { get; set; }

    [JsonPropertyName("agent_id")] public string? AgentId { get; set; }

    [JsonPropertyName("agent_version_id")] public string? AgentVersionId { get; set; }

    [JsonPropertyName("run_id")] public string? RunId { get; set; }

    [JsonPropertyName("session_id")] public string? SessionId { get; set; }

    [JsonPropertyName("event_id")] public string EventId { get; set; } = "";

    [JsonPropertyName("sequence_number")] public long? SequenceNumber { get; set; }

    [JsonPropertyName("session_sequence_number")] public long? SessionSequenceNumber { get; set; }

    [JsonPropertyName("timestamp")] public string Timestamp { get; set; } = "";

    [JsonPropertyName("environment")] public string? Environment { get; set; }

    [JsonPropertyName("step_key")] public string? StepKey { get; set; }

    [JsonPropertyName("step_name")] public string? StepName { get; set; }

    [JsonPropertyName("step_index")] public int? StepIndex { get; set; }

    [JsonPropertyName("payload_summary")] public string? PayloadSummary { get; set; }

    [JsonPropertyName("metadata")] public JsonObject? Metadata { get; set; }

    [JsonPropertyName("tool")] public WireTool? Tool { get; set; }

    [JsonPropertyName("action")] public WireAction? Action { get; set; }

    [JsonPropertyName("resource")] public WireResource? Resource { get; set; }

    [JsonPropertyName("decision")] public WireDecision? Decision { get; set; }

    [JsonPropertyName("approval")] public WireApproval? Approval { get; set; }

    [JsonPropertyName("error")] public WireError? Error { get; set; }
}

internal sealed class WireTool
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    [JsonPropertyName("provider")] public string? Provider { get; set; }

    [JsonPropertyName("risk_level")] public string? RiskLevel { get; set; }
}

internal sealed class WireAction
{
    [JsonPropertyName("type")] public string Type { get; set; } = "execute";

    [JsonPropertyName("name")] public string? Name { get; set; }

    [JsonPropertyName("risk_level")] public string? RiskLevel { get; set; }
}

internal sealed class WireResource
{
    [JsonPropertyName("type")] public string Type { get; set; } = "unknown";

    [JsonPropertyName("external_id")] public string? ExternalId { get; set; }

    [JsonPropertyName("provider")] public string? Provider { get; set; }

    [JsonPropertyName("environment")] public string? Environment { get; set; }
}

/// <summary>A guardrail decision as events carry it: camelCase inside, as the published clients send it.</summary>
internal sealed class WireDecision
{
    [JsonPropertyName("policyDecision")] public string? PolicyDecision { get; set; }

    [JsonPropertyName("effectiveDecision")] public string? EffectiveDecision { get; set; }

    [JsonPropertyName("enforcementAction")] public string? EnforcementAction { get; set; }

    [JsonPropertyName("mode")] public string? Mode { get; set; }

    [JsonPropertyName("reason")] public string? Reason { get; set; }
}

internal sealed class WireApproval
{
    [JsonPropertyName("approval_id")] public string? ApprovalId { get; set; }

    [JsonPropertyName("status")] public string? Status { get; set; }

    [JsonPropertyName("resolved_by")] public string? ResolvedBy { get; set; }
}

/// <summary>The body of <c>POST /v1/guardrails/evaluate</c>.</summary>
internal sealed class GuardrailRequest
{
    [JsonPropertyName("agent_key")] public string AgentKey { get; set; } = "";

    [JsonPropertyName("run_id")] public string? RunId { get; set; }

    [JsonPropertyName("mode")] public string Mode { get; set; } = "monitor";

    [JsonPropertyName("risk_level")] public string? RiskLevel { get; set; }

    [JsonPropertyName("action")] public WireAction? Action { get; set; }

    [JsonPropertyName("resource")] public WireResource? Resource { get; set; }

    [JsonPropertyName("tool")] public WireTool? Tool { get; set; }

    [JsonPropertyName("metadata")] public JsonObject? Metadata { get; set; }
}

internal sealed class GuardrailResponse
{
    [JsonPropertyName("policy_decision")] public string? PolicyDecision { get; set; }

    [JsonPropertyName("effective_decision")] public string? EffectiveDecision { get; set; }

    [JsonPropertyName("enforcement_action")] public string? EnforcementAction { get; set; }

    [JsonPropertyName("mode")] public string? Mode { get; set; }

    [JsonPropertyName("reason")] public string? Reason { get; set; }

    [JsonPropertyName("decision_id")] public string? DecisionId { get; set; }

    [JsonPropertyName("receipt_id")] public string? ReceiptId { get; set; }

    [JsonPropertyName("approval_request")] public GuardrailApprovalRequest? ApprovalRequest { get; set; }

    [JsonPropertyName("matched_guardrails")] public List<GuardrailMatch>? MatchedGuardrails { get; set; }
}

internal sealed class GuardrailApprovalRequest
{
    [JsonPropertyName("id")] public string? Id { get; set; }
}

internal sealed class GuardrailMatch
{
    [JsonPropertyName("key")] public string? Key { get; set; }
}

/// <summary>The response of <c>GET /v1/approvals/{id}/wait</c>, and the inner object of <c>GET /v1/approvals/{id}</c>.</summary>
internal sealed class ApprovalStatusResponse
{
    [JsonPropertyName("status")] public string? Status { get; set; }

    [JsonPropertyName("resolved_by")] public string? ResolvedBy { get; set; }

    [JsonPropertyName("approval")] public ApprovalStatusResponse? Approval { get; set; }
}

/// <summary>The body of <c>POST /v1/sessions/{id}/handoffs</c>.</summary>
internal sealed class HandoffRequest
{
    [JsonPropertyName("source_run_id")] public string? SourceRunId { get; set; }

    [JsonPropertyName("source_agent_id")] public string? SourceAgentId { get; set; }

    [JsonPropertyName("target_run_id")] public string? TargetRunId { get; set; }

    [JsonPropertyName("target_agent_id")] public string? TargetAgentId { get; set; }

    [JsonPropertyName("trigger_event_id")] public string? TriggerEventId { get; set; }

    [JsonPropertyName("reason")] public string? Reason { get; set; }

    [JsonPropertyName("input_summary")] public string? InputSummary { get; set; }

    [JsonPropertyName("payload_summary")] public string? PayloadSummary { get; set; }

    [JsonPropertyName("status")] public string Status { get; set; } = "requested";
}

internal sealed class WireError
{
    [JsonPropertyName("message")] public string Message { get; set; } = "";

    [JsonPropertyName("stack")] public string? Stack { get; set; }
}

/// <summary>One line of local mode's <c>requests.ndjson</c>.</summary>
internal sealed class LocalRequestLine
{
    [JsonPropertyName("method")] public string Method { get; set; } = "POST";

    [JsonPropertyName("path")] public string Path { get; set; } = "";

    [JsonPropertyName("timestamp")] public string Timestamp { get; set; } = "";

    [JsonPropertyName("body")] public JsonNode? Body { get; set; }

    [JsonPropertyName("response")] public JsonNode? Response { get; set; }
}

/// <summary>
/// One line of the queue journal that <c>queueStoragePath</c> names: an item added to the queue (<c>add</c>), an
/// item sent or given up (<c>done</c>), or the server id of a created record (<c>id</c>). Records are named by
/// their client-side ids, so a restart can rebuild what refers to what.
/// </summary>
internal sealed class JournalLine
{
    [JsonPropertyName("op")] public string Op { get; set; } = "";

    [JsonPropertyName("n")] public long Number { get; set; }

    /// <summary>For <c>add</c>: <c>run</c>, <c>session</c>, <c>handoff</c>, <c>complete</c> or <c>event</c>. For <c>id</c>: the record's kind.</summary>
    [JsonPropertyName("kind")] public string? Kind { get; set; }

    [JsonPropertyName("record")] public string? Record { get; set; }

    [JsonPropertyName("record_kind")] public string? RecordKind { get; set; }

    [JsonPropertyName("server_id")] public string? ServerId { get; set; }

    [JsonPropertyName("run")] public string? Run { get; set; }

    [JsonPropertyName("session")] public string? Session { get; set; }

    [JsonPropertyName("parent")] public string? Parent { get; set; }

    [JsonPropertyName("handoff")] public string? Handoff { get; set; }

    [JsonPropertyName("target")] public string? Target { get; set; }

    [JsonPropertyName("session_kind")] public string? SessionKind { get; set; }

    [JsonPropertyName("input_summary")] public string? InputSummary { get; set; }

    [JsonPropertyName("role")] public string? Role { get; set; }

    [JsonPropertyName("step_key")] public string? StepKey { get; set; }

    [JsonPropertyName("step_name")] public string? StepName { get; set; }

    [JsonPropertyName("step_index")] public int? StepIndex { get; set; }

    [JsonPropertyName("environment")] public string? Environment { get; set; }

    [JsonPropertyName("target_agent_id")] public string? TargetAgentId { get; set; }

    [JsonPropertyName("reason")] public string? Reason { get; set; }

    [JsonPropertyName("payload_summary")] public string? PayloadSummary { get; set; }

    [JsonPropertyName("complete")] public CompleteRequest? Complete { get; set; }

    [JsonPropertyName("event")] public WireEvent? Event { get; set; }
}
