using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Apie.Testing;

/// <summary>Handlers for guardrail evaluation and approvals.</summary>
internal sealed class GuardrailEndpoints(LoopbackApieServer server, ApieStore store)
{
    /// <summary>Wait used by <c>GET /v1/approvals/{id}/wait</c> when the request has no <c>timeout</c>.</summary>
    public static readonly TimeSpan DefaultApprovalWait = TimeSpan.FromSeconds(30);

    private const string Enforce = "enforce";
    private const string Monitor = "monitor";

    /// <summary>
    /// <c>POST /v1/guardrails/evaluate</c>: takes the decision from
    /// <see cref="LoopbackApieServer.GuardrailRule"/>. Monitor mode turns <c>block</c> and
    /// <c>require_approval</c> into an effective <c>allow</c>. A <c>require_approval</c>
    /// decision creates a pending approval in either mode.
    /// </summary>
    public ApiResponse Evaluate(JsonElement body)
    {
        string mode = JsonFields.OptionalString(body, "mode") ?? Enforce;
        JsonFields.RequireOneOf("mode", mode, Enforce, Monitor);
        foreach (string name in (string[])["agent_key", "run_id", "risk_level"])
        {
            JsonFields.OptionalString(body, name);
        }

        foreach (string name in (string[])["action", "resource", "tool", "metadata"])
        {
            JsonFields.OptionalObject(body, name);
        }

        Func<JsonElement, GuardrailVerdict>? rule = server.GuardrailRule;
        GuardrailVerdict verdict = rule is null ? GuardrailVerdict.Allow : rule(body.Clone());
        string decision = verdict.Decision;
        string effectiveDecision = mode == Monitor && (decision is "block" or "require_approval") ? "allow" : decision;
        string enforcementAction = effectiveDecision switch
        {
            "allow" => "proceed",
            "warn" => "warn",
            "block" => "block",
            _ => "wait_for_approval",
        };

        JsonObject? approvalRequest = null;
        if (decision == "require_approval")
        {
            approvalRequest = new JsonObject
            {
                ["id"] = store.CreateApproval(),
                ["status"] = ApprovalStatuses.Pending,
            };
        }

        var matchedGuardrails = new JsonArray();
        if (verdict.GuardrailKey is not null)
        {
            matchedGuardrails.Add((JsonNode)new JsonObject { ["key"] = verdict.GuardrailKey });
        }

        return ApiResponse.Ok(new JsonObject
        {
            ["policy_decision"] = decision,
            ["effective_decision"] = effectiveDecision,
            ["enforcement_action"] = enforcementAction,
            ["mode"] = mode,
            ["reason"] = verdict.Reason,
            ["decision_id"] = ApieIds.New(ApieIds.Decision),
            ["receipt_id"] = ApieIds.New(ApieIds.Receipt),
            ["approval_request"] = approvalRequest,
            ["matched_guardrails"] = matchedGuardrails,
        });
    }

    /// <summary><c>GET /v1/approvals/{id}</c>.</summary>
    public ApiResponse GetApproval(string approvalId)
    {
        string status = store.GetApprovalStatus(approvalId);
        return ApiResponse.Ok(new JsonObject
        {
            ["approval"] = new JsonObject
            {
                ["id"] = approvalId,
                ["status"] = status,
            },
        });
    }

    /// <summary>
    /// <c>GET /v1/approvals/{id}/wait?timeout=ms</c>: returns once the approval leaves
    /// <c>pending</c> or the timeout passes, whichever comes first.
    /// </summary>
    public async Task<ApiResponse> WaitForApprovalAsync(string approvalId, IQueryCollection query, CancellationToken cancellationToken)
    {
        TimeSpan timeout = ReadTimeout(query);
        string status = await store.WaitForApprovalAsync(approvalId, timeout, cancellationToken).ConfigureAwait(false);
        return ApiResponse.Ok(new JsonObject { ["status"] = status });
    }

    private static TimeSpan ReadTimeout(IQueryCollection query)
    {
        string? text = query["timeout"];
        if (string.IsNullOrEmpty(text))
        {
            return DefaultApprovalWait;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int milliseconds))
        {
            throw ApiException.BadRequest($"Query parameter 'timeout' has the invalid value '{text}'. Send a whole number of milliseconds.");
        }

        return TimeSpan.FromMilliseconds(milliseconds);
    }
}
