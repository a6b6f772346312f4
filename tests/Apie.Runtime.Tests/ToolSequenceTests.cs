using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Apie.Testing;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>The exact events of a hand-written tool call that succeeds, throws, or is blocked.</summary>
public sealed class ToolSequenceTests
{
    [Fact]
    public async Task SucceedingTool_SendsDecisionCallRequestAndCompletion()
    {
        await using var harness = await LoopbackHarness.StartAsync(options => options.Mode = ApieMode.Enforce);
        var client = harness.Client;

        var answer = await client.WithRunAsync(() => client.WithToolAsync(
            "kb.search",
            () => Task.FromResult(42),
            new ApieToolOptions { RiskLevel = RiskLevel.Low, ResourceType = "knowledge_base", PayloadSummary = "Search refunds" }));
        await client.FlushAsync();

        Assert.Equal(42, answer);
        var events = harness.Server.Events;
        Assert.Equal(
            ["agent.guardrail.evaluated", "agent.tool.called", "agent.action.requested", "agent.action.completed"],
            events.Select(Type));
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.GetProperty("sequence_number").GetInt64()));
        Assert.Single(events.Select(e => e.Text("run_id")).Distinct());
        Assert.All(events, e => Assert.Equal("kb.search", e.GetProperty("tool").Text("name")));
        Assert.All(events, e => Assert.Equal("low", e.GetProperty("tool").Text("risk_level")));
        Assert.All(events, e => Assert.Equal("knowledge_base", e.GetProperty("resource").Text("type")));
        Assert.All(events, e => Assert.Equal("Search refunds", e.Text("payload_summary")));

        var decision = events[0].GetProperty("decision");
        Assert.Equal("allow", decision.Text("policyDecision"));
        Assert.Equal("allow", decision.Text("effectiveDecision"));
        Assert.Equal("enforce", decision.Text("mode"));
        Assert.StartsWith("dec_", events[0].GetProperty("metadata").Text("decision_id"), StringComparison.Ordinal);
        Assert.Equal("42", events[3].GetProperty("metadata").Text("result"));

        var evaluate = Assert.Single(harness.Server.Requests, r => r.Path == "/v1/guardrails/evaluate");
        Assert.Equal(events[0].Text("run_id"), evaluate.Json.Text("run_id"));
        Assert.Equal("execute", evaluate.Json.GetProperty("action").Text("type"));
        Assert.Equal("kb.search", evaluate.Json.GetProperty("action").Text("name"));
    }

    [Fact]
    public async Task ThrowingTool_SendsFailureAndErrorAndRethrowsTheSameException()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;
        var thrown = new InvalidOperationException("refund service down");

        var caught = await Assert.ThrowsAsync<InvalidOperationException>(() => client.WithRunAsync(() => client.WithToolAsync<int>(
            "billing.refund",
            () => throw thrown,
            new ApieToolOptions { RiskLevel = RiskLevel.High, ActionType = "update", ResourceType = "payment" })));
        await client.FlushAsync();

        Assert.Same(thrown, caught);
        var events = harness.Server.Events;
        Assert.Equal(
            ["agent.guardrail.evaluated", "agent.tool.called", "agent.action.requested", "agent.action.failed", "agent.error"],
            events.Select(Type));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], events.Select(e => e.GetProperty("sequence_number").GetInt64()));
        Assert.Equal("refund service down", events[3].GetProperty("error").Text("message"));
        Assert.Equal("System.InvalidOperationException", events[3].GetProperty("metadata").Text("error_type"));
        Assert.Equal("refund service down", events[4].GetProperty("error").Text("message"));

        // The run the exception leaves completes failed without a second error event.
        var completion = Assert.Single(harness.Server.Requests, r => r.Path.EndsWith("/complete", StringComparison.Ordinal));
        Assert.Equal("failed", completion.Json.Text("status"));
    }

    [Fact]
    public async Task BlockedTool_SendsOnlyTheDecisionAndNeverRunsTheBody()
    {
        await using var harness = await LoopbackHarness.StartAsync(
            options => options.Mode = ApieMode.Enforce,
            server => server.GuardrailRule = _ => new GuardrailVerdict("block", "refunds above 500 need a manager", "refund-limit"));
        var client = harness.Client;
        var ran = false;

        var blocked = await Assert.ThrowsAsync<ApieGuardrailBlockedException>(() => client.WithRunAsync(() => client.WithToolAsync(
            "billing.refund",
            () =>
            {
                ran = true;
                return Task.FromResult(1);
            },
            new ApieToolOptions { RiskLevel = RiskLevel.High, ActionType = "update" })));
        await client.FlushAsync();

        Assert.False(ran);
        Assert.Equal("billing.refund", blocked.ToolName);
        Assert.Equal("refunds above 500 need a manager", blocked.Reason);
        Assert.Equal(["refund-limit"], blocked.MatchedGuardrails);
        Assert.StartsWith("dec_", blocked.DecisionId, StringComparison.Ordinal);

        var events = harness.Server.Events;
        Assert.Equal(["agent.guardrail.evaluated", "agent.error"], events.Select(Type));
        Assert.Equal([1L, 2L], events.Select(e => e.GetProperty("sequence_number").GetInt64()));
        var decision = events[0].GetProperty("decision");
        Assert.Equal("block", decision.Text("policyDecision"));
        Assert.Equal("block", decision.Text("effectiveDecision"));
        Assert.Equal("block", decision.Text("enforcementAction"));
        Assert.Equal(
            ["refund-limit"],
            events[0].GetProperty("metadata").GetProperty("matched_guardrails").EnumerateArray().Select(key => key.GetString()));

        // The run around the tool let the exception pass, so it records it once and fails.
        Assert.Contains("ApieGuardrailBlockedException", events[1].GetProperty("metadata").Text("exception_type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolOutsideAnyRun_OpensARunNamedAfterTheTool()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        await client.WithToolAsync("kb.search", () => Task.FromResult("found"));
        await client.FlushAsync();

        var creation = Assert.Single(harness.Server.Requests, r => r.Path == "/v1/runs");
        Assert.Equal("kb.search", creation.Json.Text("input_summary"));
        var events = harness.Server.Events;
        Assert.Equal(
            ["agent.guardrail.evaluated", "agent.tool.called", "agent.action.requested", "agent.action.completed"],
            events.Select(Type));
        Assert.All(events, e => Assert.Equal(creation.ResponseJson.Text("id"), e.Text("run_id")));
        var completion = Assert.Single(harness.Server.Requests, r => r.Path.EndsWith("/complete", StringComparison.Ordinal));
        Assert.Equal("completed", completion.Json.Text("status"));
    }

    [Fact]
    public async Task UnguardedTool_AsksNoGuardrail()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        await client.WithRunAsync(() => client.WithToolAsync("kb.search", () => Task.FromResult(1), new ApieToolOptions { Guard = false }));
        await client.FlushAsync();

        Assert.DoesNotContain(harness.Server.Requests, r => r.Path == "/v1/guardrails/evaluate");
        Assert.Equal(["agent.tool.called", "agent.action.requested", "agent.action.completed"], harness.Server.Events.Select(Type));
    }

    private static string? Type(JsonElement element) => element.Text("type");
}
