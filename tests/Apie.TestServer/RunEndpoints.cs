using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Apie.Testing;

/// <summary>Handlers for agent identification, runs, sessions and handoffs.</summary>
internal sealed class RunEndpoints(LoopbackApieServer server, ApieStore store)
{
    private static readonly string[] RunEndStatuses = ["completed", "failed"];
    private static readonly string[] SessionEndStatuses = ["completed", "failed", "cancelled"];
    private static readonly string[] SessionKinds = ["single_agent", "multi_agent", "pipeline"];

    /// <summary><c>POST /v1/agents/identify</c>: returns stable ids for <c>agent.key</c>.</summary>
    public ApiResponse IdentifyAgent(JsonElement body)
    {
        JsonElement agent = JsonFields.OptionalObject(body, "agent")
            ?? throw ApiException.BadRequest("Field 'agent' is missing. Send an object with 'key' and 'name'.");
        string agentKey = JsonFields.RequiredString(agent, "key", "agent");
        JsonFields.RequiredString(agent, "name", "agent");
        string version = JsonFields.OptionalString(agent, "version", "agent") ?? string.Empty;
        JsonFields.OptionalObject(body, "runtime");

        AgentIdentity identity = store.IdentifyAgent(agentKey, version);
        return ApiResponse.Ok(new JsonObject
        {
            ["agent_id"] = identity.AgentId,
            ["agent_version_id"] = identity.AgentVersionId,
            ["workspace_id"] = identity.WorkspaceId,
            ["dashboard_url"] = new Uri(server.BaseUrl, $"dashboard/agents/{identity.AgentId}").ToString(),
        });
    }

    /// <summary><c>POST /v1/runs</c>: starts a run outside any session.</summary>
    public ApiResponse StartRun(JsonElement body)
    {
        ValidateRunFields(body);
        RunState run = store.StartRun(sessionId: null, parentRunId: null);
        return ApiResponse.Created(DescribeStartedRun(run));
    }

    /// <summary><c>POST /v1/runs/{id}/complete</c>.</summary>
    public ApiResponse CompleteRun(string runId, JsonElement body)
    {
        string status = JsonFields.RequiredString(body, "status");
        JsonFields.RequireOneOf("status", status, RunEndStatuses);
        JsonFields.OptionalObject(body, "metadata");

        RunState run = store.CompleteRun(runId, status);
        return ApiResponse.Ok(DescribeCompletion(run.Id, run.Status, run.CompletedAt));
    }

    /// <summary><c>POST /v1/sessions</c>.</summary>
    public ApiResponse StartSession(JsonElement body)
    {
        string kind = JsonFields.RequiredString(body, "kind");
        JsonFields.RequireOneOf("kind", kind, SessionKinds);
        foreach (string name in (string[])["orchestrator_agent_key", "orchestrator_agent_id", "environment", "input_summary"])
        {
            JsonFields.OptionalString(body, name);
        }

        JsonFields.OptionalObject(body, "metadata");

        SessionState session = store.StartSession(kind);
        return ApiResponse.Created(new JsonObject
        {
            ["id"] = session.Id,
            ["status"] = session.Status,
            ["started_at"] = JsonFields.FormatTime(session.StartedAt),
        });
    }

    /// <summary><c>POST /v1/sessions/{id}/complete</c>.</summary>
    public ApiResponse CompleteSession(string sessionId, JsonElement body)
    {
        string status = JsonFields.RequiredString(body, "status");
        JsonFields.RequireOneOf("status", status, SessionEndStatuses);
        JsonFields.OptionalString(body, "output_summary");
        JsonFields.OptionalObject(body, "metadata");

        SessionState session = store.CompleteSession(sessionId, status);
        return ApiResponse.Ok(DescribeCompletion(session.Id, session.Status, session.CompletedAt));
    }

    /// <summary><c>POST /v1/sessions/{id}/runs</c>: starts a run inside a session.</summary>
    public ApiResponse StartSessionRun(string sessionId, JsonElement body)
    {
        ValidateRunFields(body);
        foreach (string name in (string[])["trigger_event_id", "step_key", "step_name", "role"])
        {
            JsonFields.OptionalString(body, name);
        }

        JsonFields.OptionalInteger(body, "step_index");
        string? parentRunId = JsonFields.OptionalString(body, "parent_run_id");

        RunState run = store.StartRun(sessionId, parentRunId);
        return ApiResponse.Created(DescribeStartedRun(run));
    }

    /// <summary><c>POST /v1/sessions/{id}/handoffs</c>.</summary>
    public ApiResponse CreateHandoff(string sessionId, JsonElement body)
    {
        string? sourceRunId = JsonFields.OptionalString(body, "source_run_id");
        string? targetRunId = JsonFields.OptionalString(body, "target_run_id");
        JsonFields.OptionalString(body, "reason");
        string status = JsonFields.OptionalString(body, "status") ?? "requested";

        HandoffState handoff = store.CreateHandoff(sessionId, sourceRunId, targetRunId, status);
        return ApiResponse.Created(new JsonObject
        {
            ["id"] = handoff.Id,
            ["status"] = handoff.Status,
        });
    }

    /// <summary>Checks the types of the fields that both kinds of run start accept.</summary>
    private static void ValidateRunFields(JsonElement body)
    {
        foreach (string name in (string[])["agent_key", "agent_id", "agent_version_id", "environment", "input_summary"])
        {
            JsonFields.OptionalString(body, name);
        }

        JsonFields.OptionalObject(body, "metadata");
    }

    private static JsonObject DescribeStartedRun(RunState run) => new()
    {
        ["id"] = run.Id,
        ["session_id"] = run.SessionId,
        ["status"] = run.Status,
        ["started_at"] = JsonFields.FormatTime(run.StartedAt),
    };

    private static JsonObject DescribeCompletion(string id, string status, DateTimeOffset? completedAt) => new()
    {
        ["id"] = id,
        ["status"] = status,
        ["completed_at"] = completedAt is { } time ? JsonFields.FormatTime(time) : null,
    };
}
