using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Apie.Testing.Tests;

public sealed class GuardrailTests : ServerTestBase
{
    private const string EvaluateBody = """
        {
          "agent_key": "support-bot",
          "risk_level": "high",
          "action": {"type": "tool_call", "name": "refund", "risk_level": "high"},
          "resource": {"type": "payment"},
          "tool": {"name": "stripe.refund"}
        }
        """;

    [Fact]
    public async Task Evaluate_DefaultRuleAllows()
    {
        ApiResult result = await PostAsync("/v1/guardrails/evaluate", EvaluateBody);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("allow", result.GetString("policy_decision"));
        Assert.Equal("allow", result.GetString("effective_decision"));
        Assert.Equal("proceed", result.GetString("enforcement_action"));
        Assert.Equal("enforce", result.GetString("mode"));
        Assert.Equal(JsonValueKind.Null, result.Body.GetProperty("reason").ValueKind);
        Assert.Matches($"^dec_{HexId}$", result.GetString("decision_id"));
        Assert.Matches($"^rcpt_{HexId}$", result.GetString("receipt_id"));
        Assert.Equal(JsonValueKind.Null, result.Body.GetProperty("approval_request").ValueKind);
        Assert.Equal(0, result.Body.GetProperty("matched_guardrails").GetArrayLength());
    }

    [Fact]
    public async Task Evaluate_RuleBlocksRefunds()
    {
        Server.GuardrailRule = request =>
            request.GetProperty("action").GetProperty("name").GetString() == "refund"
                ? new GuardrailVerdict("block", "Refunds need a human.", "no-refunds")
                : GuardrailVerdict.Allow;

        ApiResult blocked = await PostAsync("/v1/guardrails/evaluate", EvaluateBody);
        ApiResult allowed = await PostAsync("/v1/guardrails/evaluate", """{"action": {"type": "tool_call", "name": "lookup"}}""");

        Assert.Equal("block", blocked.GetString("policy_decision"));
        Assert.Equal("block", blocked.GetString("effective_decision"));
        Assert.Equal("block", blocked.GetString("enforcement_action"));
        Assert.Equal("Refunds need a human.", blocked.GetString("reason"));
        JsonElement matched = Assert.Single(blocked.Body.GetProperty("matched_guardrails").EnumerateArray());
        Assert.Equal("no-refunds", matched.GetProperty("key").GetString());
        Assert.Equal("allow", allowed.GetString("policy_decision"));
    }

    [Theory]
    [InlineData("enforce", "allow", "allow", "proceed")]
    [InlineData("enforce", "warn", "warn", "warn")]
    [InlineData("enforce", "block", "block", "block")]
    [InlineData("enforce", "require_approval", "require_approval", "wait_for_approval")]
    [InlineData("monitor", "allow", "allow", "proceed")]
    [InlineData("monitor", "warn", "warn", "warn")]
    [InlineData("monitor", "block", "allow", "proceed")]
    [InlineData("monitor", "require_approval", "allow", "proceed")]
    public async Task Evaluate_ModeSetsEffectiveDecision(string mode, string decision, string effective, string action)
    {
        Server.GuardrailRule = _ => new GuardrailVerdict(decision);

        ApiResult result = await PostAsync("/v1/guardrails/evaluate", $$"""{"agent_key": "support-bot", "mode": "{{mode}}"}""");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(decision, result.GetString("policy_decision"));
        Assert.Equal(effective, result.GetString("effective_decision"));
        Assert.Equal(action, result.GetString("enforcement_action"));
        Assert.Equal(mode, result.GetString("mode"));
    }

    [Fact]
    public async Task Evaluate_UnknownMode_Returns400()
    {
        ApiResult result = await PostAsync("/v1/guardrails/evaluate", """{"mode": "audit"}""");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
    }

    [Fact]
    public async Task Evaluate_RuleThrows_Returns500()
    {
        Server.GuardrailRule = _ => throw new InvalidOperationException("rule failed");

        ApiResult result = await PostAsync("/v1/guardrails/evaluate", EvaluateBody);

        Assert.Equal(HttpStatusCode.InternalServerError, result.Status);
        Assert.Equal("InvalidOperationException: rule failed", result.Body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void Verdict_InvalidDecision_Throws()
    {
        Assert.Throws<ArgumentException>(() => new GuardrailVerdict("deny"));
        Assert.Throws<ArgumentException>(() => GuardrailVerdict.Allow with { Decision = "maybe" });
    }

    [Fact]
    public async Task RequireApproval_CreatesPendingApproval()
    {
        string approvalId = await RequestApprovalAsync();

        ApiResult approval = await GetAsync($"/v1/approvals/{approvalId}");

        Assert.Matches($"^appr_{HexId}$", approvalId);
        Assert.Equal(HttpStatusCode.OK, approval.Status);
        Assert.Equal(approvalId, approval.Body.GetProperty("approval").GetProperty("id").GetString());
        Assert.Equal("pending", approval.Body.GetProperty("approval").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ApprovalWait_ResolvedEndsEarly()
    {
        string approvalId = await RequestApprovalAsync();
        var stopwatch = Stopwatch.StartNew();
        Task<ApiResult> wait = GetAsync($"/v1/approvals/{approvalId}/wait?timeout=5000");
        await Task.Delay(150);

        Server.ResolveApproval(approvalId, "approved");
        ApiResult result = await wait;

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("approved", result.GetString("status"));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"The wait took {stopwatch.ElapsedMilliseconds} ms.");
        ApiResult approval = await GetAsync($"/v1/approvals/{approvalId}");
        Assert.Equal("approved", approval.Body.GetProperty("approval").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ApprovalWait_UnresolvedReturnsPending()
    {
        string approvalId = await RequestApprovalAsync();
        var stopwatch = Stopwatch.StartNew();

        ApiResult result = await GetAsync($"/v1/approvals/{approvalId}/wait?timeout=300");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("pending", result.GetString("status"));
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(290), $"The wait took {stopwatch.ElapsedMilliseconds} ms.");
    }

    [Fact]
    public async Task ApprovalWait_InvalidTimeout_Returns400()
    {
        string approvalId = await RequestApprovalAsync();

        ApiResult result = await GetAsync($"/v1/approvals/{approvalId}/wait?timeout=soon");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
    }

    [Fact]
    public async Task Approval_UnknownId_Returns404()
    {
        ApiResult get = await GetAsync("/v1/approvals/appr_000000000000000000000000");
        ApiResult wait = await GetAsync("/v1/approvals/appr_000000000000000000000000/wait?timeout=10");

        Assert.Equal(HttpStatusCode.NotFound, get.Status);
        Assert.Equal(HttpStatusCode.NotFound, wait.Status);
    }

    [Fact]
    public async Task ResolveApproval_InvalidUse_Throws()
    {
        string approvalId = await RequestApprovalAsync();

        Assert.Throws<ArgumentException>(() => Server.ResolveApproval(approvalId, "pending"));
        Assert.Throws<KeyNotFoundException>(() => Server.ResolveApproval("appr_000000000000000000000000", "approved"));
        Server.ResolveApproval(approvalId, "rejected");
        Assert.Throws<InvalidOperationException>(() => Server.ResolveApproval(approvalId, "approved"));
    }

    private async Task<string> RequestApprovalAsync()
    {
        Server.GuardrailRule = _ => new GuardrailVerdict("require_approval", "Refunds need a human.", "refund-approval");
        ApiResult result = await PostAsync("/v1/guardrails/evaluate", EvaluateBody);
        Assert.Equal("wait_for_approval", result.GetString("enforcement_action"));
        JsonElement approvalRequest = result.Body.GetProperty("approval_request");
        Assert.Equal("pending", approvalRequest.GetProperty("status").GetString());
        return approvalRequest.GetProperty("id").GetString()!;
    }
}
