using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>The events of workflow steps, LLM calls, custom events, resources and handoffs, as the server receives them.</summary>
public sealed class TelemetryEventTests
{
    private enum TicketPriority
    {
        Low,
        Urgent,
    }

    [Fact]
    public async Task WorkflowStep_Success_SendsStartedAndCompleted()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        var result = await client.WithRunAsync(() => client.WithWorkflowStepAsync(
            "triage",
            async () =>
            {
                await Task.Yield();
                return 7;
            },
            new ApieWorkflowStepOptions { Name = "Triage ticket", Index = 2, PayloadSummary = "ticket 42" }));
        await client.FlushAsync();

        Assert.Equal(7, result);
        var events = harness.Server.Events;
        Assert.Equal(["agent.workflow.step.started", "agent.workflow.step.completed"], events.Select(Type));
        Assert.Equal([1L, 2L], events.Select(SequenceNumber));
        Assert.All(events, item => Assert.Equal("triage", item.Text("step_key")));
        Assert.All(events, item => Assert.Equal("Triage ticket", item.Text("step_name")));
        Assert.All(events, item => Assert.Equal(2, item.GetProperty("step_index").GetInt32()));
        Assert.All(events, item => Assert.Equal("ticket 42", item.Text("payload_summary")));
        Assert.All(events, item => Assert.Equal(RunIdOf(harness, "/v1/runs", 0), item.Text("run_id")));
        Assert.Equal(JsonValueKind.Number, events[1].GetProperty("metadata").GetProperty("duration_ms").ValueKind);
        Assert.Equal("completed", SingleCompletion(harness).Json.Text("status"));
    }

    [Fact]
    public async Task WorkflowStep_Failure_SendsErrorAndRethrows()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;
        var thrown = new InvalidOperationException("classifier unavailable");

        var caught = await Assert.ThrowsAsync<InvalidOperationException>(() => client.WithRunAsync(() => client.WithWorkflowStepAsync(
            "classify",
            async () =>
            {
                await Task.Yield();
                throw thrown;
            },
            new ApieWorkflowStepOptions { Name = "Classify ticket", Index = 0 })));
        await client.FlushAsync();

        Assert.Same(thrown, caught);
        var events = harness.Server.Events;
        Assert.Equal(["agent.workflow.step.started", "agent.workflow.step.failed", "agent.error"], events.Select(Type));
        Assert.Equal([1L, 2L, 3L], events.Select(SequenceNumber));
        Assert.All(events.Take(2), item => Assert.Equal("classify", item.Text("step_key")));
        Assert.All(events.Take(2), item => Assert.Equal("Classify ticket", item.Text("step_name")));
        Assert.All(events.Take(2), item => Assert.Equal(0, item.GetProperty("step_index").GetInt32()));

        var failed = events[1];
        Assert.Equal("classifier unavailable", failed.GetProperty("error").Text("message"));
        Assert.Equal("System.InvalidOperationException", failed.GetProperty("metadata").Text("error_type"));
        Assert.Equal("classifier unavailable", events[2].GetProperty("error").Text("message"));
        Assert.Equal("System.InvalidOperationException", events[2].GetProperty("metadata").Text("exception_type"));
        Assert.Equal("failed", SingleCompletion(harness).Json.Text("status"));
    }

    [Fact]
    public async Task LlmCall_ExplicitModel_OverridesOptions()
    {
        await using var harness = await LoopbackHarness.StartAsync(options => options.Model = new ApieModelOptions { Provider = "openai", Name = "gpt-default" });
        var client = harness.Client;

        var reply = await client.WithRunAsync(() => client.WithLlmCallAsync(
            () => Task.FromResult("Refund approved"),
            new ApieLlmCallOptions { Provider = "anthropic", Model = "claude-test", InputSummary = "Summarize ticket 42" }));
        await client.FlushAsync();

        Assert.Equal("Refund approved", reply);
        var events = harness.Server.Events;
        Assert.Equal(["agent.llm.called", "agent.llm.completed"], events.Select(Type));
        Assert.All(events, item => Assert.Equal("anthropic", item.GetProperty("metadata").Text("provider")));
        Assert.All(events, item => Assert.Equal("claude-test", item.GetProperty("metadata").Text("model")));
        Assert.All(events, item => Assert.Equal("Summarize ticket 42", item.Text("payload_summary")));
        Assert.Equal([1L, 2L], events.Select(SequenceNumber));
    }

    [Fact]
    public async Task LlmCall_DefaultModel_FromOptions()
    {
        await using var harness = await LoopbackHarness.StartAsync(options => options.Model = new ApieModelOptions { Provider = "openai", Name = "gpt-default" });
        var client = harness.Client;

        await client.WithRunAsync(() => client.WithLlmCallAsync(() => Task.FromResult(1)));
        await client.FlushAsync();

        var events = harness.Server.Events;
        Assert.Equal(["agent.llm.called", "agent.llm.completed"], events.Select(Type));
        Assert.All(events, item => Assert.Equal("openai", item.GetProperty("metadata").Text("provider")));
        Assert.All(events, item => Assert.Equal("gpt-default", item.GetProperty("metadata").Text("model")));
    }

    [Fact]
    public async Task LlmCall_Failure_SendsErrorAndRethrows()
    {
        await using var harness = await LoopbackHarness.StartAsync(options => options.Model = new ApieModelOptions { Provider = "openai", Name = "gpt-default" });
        var client = harness.Client;
        var thrown = new TimeoutException("model timed out");

        var caught = await Assert.ThrowsAsync<TimeoutException>(() => client.WithRunAsync(() => client.WithLlmCallAsync<string>(
            async () =>
            {
                await Task.Yield();
                throw thrown;
            },
            new ApieLlmCallOptions { Model = "gpt-small" })));
        await client.FlushAsync();

        Assert.Same(thrown, caught);
        var events = harness.Server.Events;
        Assert.Equal(["agent.llm.called", "agent.llm.failed", "agent.error"], events.Select(Type));
        Assert.All(events.Take(2), item => Assert.Equal("openai", item.GetProperty("metadata").Text("provider")));
        Assert.All(events.Take(2), item => Assert.Equal("gpt-small", item.GetProperty("metadata").Text("model")));
        Assert.Equal("model timed out", events[1].GetProperty("error").Text("message"));
        Assert.Equal("model timed out", events[2].GetProperty("error").Text("message"));
        Assert.Equal("failed", SingleCompletion(harness).Json.Text("status"));
    }

    [Fact]
    public async Task Track_MixedPayload_KeepsJsonKinds()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        await client.WithRunAsync(async () =>
        {
            await Task.Yield();
            client.Track("support.ticket.updated", new Dictionary<string, object?>
            {
                ["subject"] = "Refund request",
                ["attempt"] = 3,
                ["score"] = 0.75,
                ["escalated"] = true,
                ["received_at"] = new DateTime(2024, 5, 1, 12, 30, 0, DateTimeKind.Utc),
                ["priority"] = TicketPriority.Urgent,
                ["customer"] = new Dictionary<string, object?> { ["tier"] = "gold", ["orders"] = 12 },
                ["tags"] = new List<object?> { "billing", 2, false },
                ["assignee"] = null,
            });
        });
        await client.FlushAsync();

        var tracked = Assert.Single(harness.Server.Events);
        Assert.Equal("support.ticket.updated", tracked.Text("type"));
        Assert.Equal(1L, SequenceNumber(tracked));
        Assert.Equal(RunIdOf(harness, "/v1/runs", 0), tracked.Text("run_id"));

        var metadata = tracked.GetProperty("metadata");
        Assert.Equal(JsonValueKind.String, metadata.GetProperty("subject").ValueKind);
        Assert.Equal("Refund request", metadata.Text("subject"));
        Assert.Equal(JsonValueKind.Number, metadata.GetProperty("attempt").ValueKind);
        Assert.Equal("3", metadata.GetProperty("attempt").GetRawText());
        Assert.Equal(JsonValueKind.Number, metadata.GetProperty("score").ValueKind);
        Assert.Equal(0.75, metadata.GetProperty("score").GetDouble());
        Assert.Equal(JsonValueKind.True, metadata.GetProperty("escalated").ValueKind);
        Assert.Equal(JsonValueKind.String, metadata.GetProperty("received_at").ValueKind);
        Assert.Equal("2024-05-01T12:30:00.0000000Z", metadata.Text("received_at"));
        Assert.Equal(JsonValueKind.String, metadata.GetProperty("priority").ValueKind);
        Assert.Equal("Urgent", metadata.Text("priority"));

        var customer = metadata.GetProperty("customer");
        Assert.Equal(JsonValueKind.Object, customer.ValueKind);
        Assert.Equal("gold", customer.Text("tier"));
        Assert.Equal(12, customer.GetProperty("orders").GetInt32());

        var tags = metadata.GetProperty("tags");
        Assert.Equal(JsonValueKind.Array, tags.ValueKind);
        Assert.Equal([JsonValueKind.String, JsonValueKind.Number, JsonValueKind.False], tags.EnumerateArray().Select(tag => tag.ValueKind));
        Assert.Equal("billing", tags[0].GetString());
        Assert.Equal(2, tags[1].GetInt32());

        Assert.True(metadata.TryGetProperty("assignee", out var assignee), "metadata has no 'assignee' member; a null payload value must arrive as JSON null.");
        Assert.Equal(JsonValueKind.Null, assignee.ValueKind);
    }

    [Fact]
    public async Task TouchResource_SendsResourceAndAccess()
    {
        await using var harness = await LoopbackHarness.StartAsync(options => options.Runtime.Environment = "staging");
        var client = harness.Client;

        await client.WithRunAsync(async () =>
        {
            await Task.Yield();
            client.TouchResource("database_record", "customer-1042", "read", "postgres");
            client.TouchResource("knowledge_base");
        });
        await client.FlushAsync();

        var events = harness.Server.Events;
        Assert.Equal(["agent.resource.touched", "agent.resource.touched"], events.Select(Type));
        Assert.Equal([1L, 2L], events.Select(SequenceNumber));
        Assert.All(events, item => Assert.Equal(RunIdOf(harness, "/v1/runs", 0), item.Text("run_id")));

        var resource = events[0].GetProperty("resource");
        Assert.Equal("database_record", resource.Text("type"));
        Assert.Equal("customer-1042", resource.Text("external_id"));
        Assert.Equal("postgres", resource.Text("provider"));
        Assert.Equal("staging", resource.Text("environment"));
        Assert.Equal("read", events[0].GetProperty("metadata").Text("access"));
        Assert.Equal("staging", events[0].Text("environment"));

        var bare = events[1].GetProperty("resource");
        Assert.Equal("knowledge_base", bare.Text("type"));
        Assert.False(bare.Has("external_id"));
        Assert.False(bare.Has("provider"));
        Assert.False(events[1].Has("metadata"));
    }

    [Fact]
    public async Task Handoff_Lifecycle_CarriesServerId()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;
        ApieHandoff? handoff = null;

        await client.WithSessionAsync(
            async () =>
            {
                await client.WithRunAsync(
                    async () =>
                    {
                        await Task.Yield();
                        handoff = client.Handoffs.Request(new ApieHandoffOptions
                        {
                            TargetAgentId = "agt_billing_worker",
                            Reason = "refund needs billing access",
                            InputSummary = "refund order 1042",
                            PayloadSummary = "order 1042, 2 items",
                        });
                    },
                    new ApieRunOptions { Role = "orchestrator", InputSummary = "triage" });

                await client.WithRunAsync(
                    async () =>
                    {
                        await Task.Yield();
                        client.Handoffs.Accept(handoff!);
                        client.Handoffs.Complete(handoff!);
                    },
                    new ApieRunOptions { Role = "worker", InputSummary = "billing" });
            },
            new ApieSessionOptions { Kind = SessionKind.MultiAgent });
        await client.FlushAsync();

        var requests = harness.Server.Requests;
        var agentId = Assert.Single(requests, request => request.Path == "/v1/agents/identify").ResponseJson.Text("agent_id");
        var sessionId = Assert.Single(requests, request => request.Path == "/v1/sessions").ResponseJson.Text("id");
        var sourceRunId = RunIdOf(harness, $"/v1/sessions/{sessionId}/runs", 0);
        var targetRunId = RunIdOf(harness, $"/v1/sessions/{sessionId}/runs", 1);

        var post = Assert.Single(requests, request => request.Path == $"/v1/sessions/{sessionId}/handoffs");
        Assert.Equal(201, post.ResponseStatus);
        Assert.Equal(sourceRunId, post.Json.Text("source_run_id"));
        Assert.Equal(agentId, post.Json.Text("source_agent_id"));
        Assert.Equal("agt_billing_worker", post.Json.Text("target_agent_id"));
        Assert.Equal("refund needs billing access", post.Json.Text("reason"));
        Assert.Equal("refund order 1042", post.Json.Text("input_summary"));
        Assert.Equal("order 1042, 2 items", post.Json.Text("payload_summary"));
        Assert.Equal("requested", post.Json.Text("status"));

        var handoffId = post.ResponseJson.Text("id");
        Assert.StartsWith("hof_", handoffId, StringComparison.Ordinal);
        Assert.Equal(handoffId, handoff!.Id);

        var events = harness.Server.Events.Where(item => Type(item)!.StartsWith("agent.handoff.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["agent.handoff.requested", "agent.handoff.accepted", "agent.handoff.completed"], events.Select(Type));
        Assert.All(events, item => Assert.Equal(handoffId, item.GetProperty("metadata").Text("handoff_id")));
        Assert.All(events, item => Assert.Equal(sessionId, item.Text("session_id")));
        Assert.All(events, item => Assert.Equal("order 1042, 2 items", item.Text("payload_summary")));
        Assert.Equal(sourceRunId, events[0].Text("run_id"));
        Assert.Equal("refund needs billing access", events[0].GetProperty("metadata").Text("reason"));
        Assert.Equal(targetRunId, events[1].Text("run_id"));
        Assert.Equal(targetRunId, events[2].Text("run_id"));

        // The handoff exists on the server before the first event that names it.
        var firstEventsRequest = requests.First(request => request.Path == "/v1/events" && request.Body.Contains("agent.handoff.requested", StringComparison.Ordinal));
        Assert.True(post.Index < firstEventsRequest.Index, $"The handoff POST arrived at {post.Index}, after its requested event at {firstEventsRequest.Index}.");
    }

    [Fact]
    public async Task Handoff_Fail_SendsFailedEventWithReason()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        await client.WithSessionAsync(() => client.WithRunAsync(async () =>
        {
            await Task.Yield();
            var handoff = client.Handoffs.Request(new ApieHandoffOptions { TargetAgentId = "agt_billing_worker" });
            client.Handoffs.Fail(handoff, "billing agent unavailable");
        }));
        await client.FlushAsync();

        var post = Assert.Single(harness.Server.Requests, request => request.Path.EndsWith("/handoffs", StringComparison.Ordinal));
        var handoffId = post.ResponseJson.Text("id");
        var events = harness.Server.Events;
        Assert.Equal(["agent.handoff.requested", "agent.handoff.failed"], events.Select(Type));
        Assert.All(events, item => Assert.Equal(handoffId, item.GetProperty("metadata").Text("handoff_id")));
        Assert.Equal("billing agent unavailable", events[1].GetProperty("metadata").Text("reason"));
        Assert.False(events[0].GetProperty("metadata").Has("reason"));
    }

    [Fact]
    public async Task Handoff_OutsideSession_ThrowsWithFix()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        var outsideEverything = Assert.Throws<InvalidOperationException>(() => client.Handoffs.Request(new ApieHandoffOptions { Reason = "no session" }));
        InvalidOperationException? insideRun = null;
        await client.WithRunAsync(async () =>
        {
            await Task.Yield();
            insideRun = Assert.Throws<InvalidOperationException>(() => client.Handoffs.Request(new ApieHandoffOptions { Reason = "run without session" }));
        });
        await client.FlushAsync();

        foreach (var exception in new[] { outsideEverything, insideRun! })
        {
            Assert.Contains("session", exception.Message, StringComparison.Ordinal);
            Assert.Contains("WithSessionAsync", exception.Message, StringComparison.Ordinal);
            Assert.Contains("ApieHandoffOptions.Session", exception.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(harness.Server.Requests, request => request.Path.EndsWith("/handoffs", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Server.Events, item => Type(item)!.StartsWith("agent.handoff.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ActivityOutsideRun_OpensOwnRun()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        await client.WithWorkflowStepAsync("ingest", () => Task.FromResult(1), new ApieWorkflowStepOptions { Name = "Ingest files" });
        await client.WithLlmCallAsync(() => Task.FromResult("reply"), new ApieLlmCallOptions { Provider = "openai", Model = "gpt-small" });
        await client.FlushAsync();

        var creations = harness.Server.Requests.Where(request => request.Path == "/v1/runs").ToList();
        Assert.Equal(["Ingest files", "gpt-small"], creations.Select(request => request.Json.Text("input_summary")));
        var stepRunId = creations[0].ResponseJson.Text("id");
        var llmRunId = creations[1].ResponseJson.Text("id");
        Assert.NotEqual(stepRunId, llmRunId);

        var events = harness.Server.Events;
        Assert.Equal(["agent.workflow.step.started", "agent.workflow.step.completed", "agent.llm.called", "agent.llm.completed"], events.Select(Type));
        Assert.All(events.Take(2), item => Assert.Equal(stepRunId, item.Text("run_id")));
        Assert.All(events.Skip(2), item => Assert.Equal(llmRunId, item.Text("run_id")));
        Assert.Equal([1L, 2L, 1L, 2L], events.Select(SequenceNumber));

        var completions = harness.Server.Requests.Where(request => request.Path.EndsWith("/complete", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"/v1/runs/{stepRunId}/complete", $"/v1/runs/{llmRunId}/complete"], completions.Select(request => request.Path));
        Assert.All(completions, request => Assert.Equal("completed", request.Json.Text("status")));
    }

    [Fact]
    public async Task FailingStepOutsideRun_FailsOwnRun()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;
        var thrown = new InvalidOperationException("ingest failed");

        var caught = await Assert.ThrowsAsync<InvalidOperationException>(() => client.WithWorkflowStepAsync("ingest", () => Task.FromException<int>(thrown)));
        await client.FlushAsync();

        Assert.Same(thrown, caught);
        var creation = Assert.Single(harness.Server.Requests, request => request.Path == "/v1/runs");
        Assert.Equal("ingest", creation.Json.Text("input_summary"));
        Assert.Equal(["agent.workflow.step.started", "agent.workflow.step.failed", "agent.error"], harness.Server.Events.Select(Type));
        Assert.Equal("failed", SingleCompletion(harness).Json.Text("status"));
    }

    private static string? Type(JsonElement element) => element.Text("type");

    private static long SequenceNumber(JsonElement element) => element.GetProperty("sequence_number").GetInt64();

    /// <summary>Returns the id the server gave the run created by the <paramref name="index"/>-th request to <paramref name="path"/>.</summary>
    private static string? RunIdOf(LoopbackHarness harness, string path, int index)
        => harness.Server.Requests.Where(request => request.Path == path).ElementAt(index).ResponseJson.Text("id");

    private static Apie.Testing.RecordedRequest SingleCompletion(LoopbackHarness harness)
        => Assert.Single(harness.Server.Requests, request => request.Path.EndsWith("/complete", StringComparison.Ordinal));
}
