using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Apie.Testing;
using Xunit;

namespace Apie.TestKit.Tests;

public sealed class CaptureTests
{
    [Fact]
    public async Task AttributedSessionRecordsRunsAndTools()
    {
        using var capture = ApieCapture.Start();
        var agent = new OrderAgent();

        var reply = await agent.HandleAsync("D-100", 25m);

        Assert.Equal("refunded D-100", reply);
        var session = Assert.Single(capture.Sessions);
        Assert.Equal("completed", session.Status);
        Assert.Equal("Handle order D-100", session.InputSummary);
        Assert.Equal("refunded D-100", session.OutputSummary);
        Assert.Equal(2, session.Runs.Count);

        var check = session.Runs[0];
        Assert.Equal("Check order D-100", check.InputSummary);
        Assert.Equal("completed", check.Status);
        Assert.Equal("delivered", check.OutputSummary);
        Assert.Equal("worker", check.Role);
        Assert.Equal("check", check.StepKey);
        Assert.Equal(0, check.StepIndex);

        var lookup = Assert.Single(check.ToolCalls);
        Assert.Equal("orders.lookup", lookup.Name);
        Assert.Equal("completed", lookup.Status);
        Assert.Equal("delivered", lookup.Result);
        Assert.Equal("allow", lookup.Decision);
        Assert.Equal("D-100", lookup.ExternalId);

        var refundRun = session.Runs[1];
        Assert.Equal("refund", refundRun.StepKey);
        var refund = Assert.Single(refundRun.ToolCalls);
        Assert.Equal("billing.refund", refund.Name);
        Assert.Equal("Refund 25 USD on D-100", refund.PayloadSummary);
        Assert.Equal("high", refund.RiskLevel);
        Assert.Equal("update", refund.ActionType);
        Assert.Equal("payment", refund.ResourceType);
        Assert.Equal("refunded D-100", refund.Result);

        Assert.Equal(2, capture.Events.OfType("agent.tool.called").Count);
        Assert.Equal(1, agent.RefundsIssued);
    }

    [Fact]
    public async Task WithRunAsyncRecordsToolCall()
    {
        using var capture = ApieCapture.Start();
        var client = ApieClient.Current;
        Assert.Same(capture.Client, client);

        var answer = await client.WithRunAsync(
            () => client.WithToolAsync(
                "kb.search",
                () => Task.FromResult("3 articles"),
                new ApieToolOptions { ActionType = "read", ResourceType = "knowledge_base", PayloadSummary = "refund policy" }),
            new ApieRunOptions { InputSummary = "Search the knowledge base" });

        Assert.Equal("3 articles", answer);
        var run = Assert.Single(capture.Runs);
        Assert.Null(run.SessionId);
        Assert.Equal("completed", run.Status);
        Assert.Equal("Search the knowledge base", run.InputSummary);

        var tool = Assert.Single(run.ToolCalls);
        Assert.Equal("kb.search", tool.Name);
        Assert.Equal("completed", tool.Status);
        Assert.Equal("3 articles", tool.Result);
        Assert.Equal("refund policy", tool.PayloadSummary);
        Assert.Equal(
            new[] { "agent.guardrail.evaluated", "agent.tool.called", "agent.action.requested", "agent.action.completed" },
            run.Events.Select(item => item.Type));
        Assert.Equal(new long?[] { 1, 2, 3, 4 }, run.Events.Select(item => item.SequenceNumber));

        var guardrailCheck = Assert.Single(capture.GuardrailChecks);
        Assert.Equal(run.Id, guardrailCheck.RunId);
        Assert.Equal("kb.search", guardrailCheck.ToolName);
        Assert.Equal("monitor", guardrailCheck.Mode);
        Assert.Equal("knowledge_base", guardrailCheck.ResourceType);
    }

    [Fact]
    public async Task CaptureStaysOnCallerThread()
    {
        await using var server = await LoopbackApieServer.StartAsync();
        var threadId = Environment.CurrentManagedThreadId;

        using (var capture = ApieCapture.Start(options =>
               {
                   options.BaseUrl = server.BaseUrl;
                   options.ApiKey = "apie_sk_test_capture";
               }))
        {
            Assert.Equal("/v1/agents/identify", capture.Requests[0].Path);
            Assert.True(capture.Client.ReadyAsync().IsCompletedSuccessfully);

            var count = new OrderAgent().CountItems("D-7");

            // The synchronous run completed before the call returned: nothing was flushed or awaited.
            Assert.Equal(3, count);
            var run = Assert.Single(capture.Runs);
            Assert.Equal("Count items of D-7", run.InputSummary);
            Assert.Equal("completed", run.Status);
            Assert.Equal("3", run.OutputSummary);

            var tool = capture.Client.WithToolAsync("orders.count", () => Task.FromResult(3));
            Assert.True(tool.IsCompletedSuccessfully);
            Assert.Equal("completed", capture.ToolCalls.Single().Status);

            Assert.All(capture.Requests, request => Assert.Equal(threadId, request.ThreadId));
            Assert.Equal("memory (Apie.TestKit)", capture.Client.Destination);
        }

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task FailingToolRecordsFailure()
    {
        using var capture = ApieCapture.Start();
        var agent = new OrderAgent();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => agent.RefundRunAsync("D-1", -5m));

        var run = Assert.Single(capture.Runs);
        Assert.Equal("failed", run.Status);
        Assert.Equal(typeof(ArgumentOutOfRangeException).FullName, run.ErrorType);
        var tool = Assert.Single(run.ToolCalls);
        Assert.Equal("failed", tool.Status);
        Assert.Equal(error.Message, tool.ErrorMessage);
        var reported = Assert.Single(capture.Events.OfType("agent.error"));
        Assert.Equal(error.Message, reported.ErrorMessage);
        Assert.Equal(0, agent.RefundsIssued);
    }

    [Fact]
    public async Task EnforceBlockStopsToolBeforeItsBody()
    {
        using var capture = ApieCapture.Start(options => options.Mode = ApieMode.Enforce);
        capture.Guardrails = check => check.ToolName == "billing.refund"
            ? ApieTestDecision.Block("refunds need review")
            : ApieTestDecision.Allow();
        var agent = new OrderAgent();

        var blocked = await Assert.ThrowsAsync<ApieGuardrailBlockedException>(() => agent.HandleAsync("D-200", 500m));

        Assert.Equal("refunds need review", blocked.Reason);
        Assert.Equal(0, agent.RefundsIssued);
        var refund = capture.ToolCalls.Single(call => call.Name == "billing.refund");
        Assert.Equal("blocked", refund.Status);
        Assert.Equal("block", refund.Decision);
        Assert.DoesNotContain(capture.Events.OfType("agent.tool.called"), item => item.ToolName == "billing.refund");
        Assert.Equal("failed", Assert.Single(capture.Sessions).Status);

        var refundCheck = capture.GuardrailChecks.Single(check => check.ToolName == "billing.refund");
        Assert.Equal("enforce", refundCheck.Mode);
        Assert.Equal("high", refundCheck.RiskLevel);
        Assert.Equal("D-200", refundCheck.ExternalId);
        Assert.Equal("Refund 500 USD on D-200", refundCheck.PayloadSummary);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ApprovalResolvesAtOnce(bool approved)
    {
        using var capture = ApieCapture.Start(options => options.Mode = ApieMode.Enforce);
        capture.Guardrails = _ => ApieTestDecision.RequireApproval(approved, "refunds need a second person");
        var agent = new OrderAgent();

        if (approved)
        {
            Assert.Equal("refunded D-300", await agent.RefundRunAsync("D-300", 40m));
        }
        else
        {
            var rejected = await Assert.ThrowsAsync<ApieApprovalException>(() => agent.RefundRunAsync("D-300", 40m));
            Assert.Equal("rejected", rejected.Status);
        }

        var refund = Assert.Single(capture.ToolCalls);
        Assert.Equal(approved ? "completed" : "blocked", refund.Status);
        Assert.Equal(approved ? 1 : 0, agent.RefundsIssued);
        var resolved = Assert.Single(refund.Events.OfType("agent.approval.resolved"));
        Assert.Equal(approved ? "approved" : "rejected", resolved.ApprovalStatus);
    }

    [Fact]
    public async Task TrackedEventKeepsItsPayload()
    {
        using var capture = ApieCapture.Start(options => options.Runtime.Environment = "test");

        await capture.Client.WithRunAsync(() =>
        {
            ApieClient.Current.Track("order.note", new Dictionary<string, object?> { ["order"] = "D-5", ["items"] = 2 });
            return Task.CompletedTask;
        });

        var note = Assert.Single(capture.Events.OfType("order.note"));
        Assert.Equal("D-5", note.Metadata["order"]);
        Assert.Equal("2", note.Metadata["items"]);
        Assert.Equal("test", note.Environment);
        Assert.Equal(Assert.Single(capture.Runs).Id, note.RunId);
    }

    [Fact]
    public void ClearForgetsRequests()
    {
        using var capture = ApieCapture.Start();
        Assert.NotEmpty(capture.Requests);

        capture.Clear();
        Assert.Empty(capture.Requests);

        new OrderAgent().CountItems("D-8");
        Assert.Equal("run_test_1", Assert.Single(capture.Runs).Id);
    }

    [Fact]
    public void StartWhileActiveThrows()
    {
        using var capture = ApieCapture.Start();

        var error = Assert.Throws<InvalidOperationException>(() => ApieCapture.Start());

        Assert.Contains("Another ApieCapture is active", error.Message);
        Assert.Same(capture.Client, ApieClient.Current);
    }

    [Fact]
    public void DisposeRestoresPreviousClient()
    {
        using var before = ApieClient.Create(new ApieOptions { ReadExternalConfiguration = false, Enabled = false });
        var capture = ApieCapture.Start();
        Assert.Same(capture.Client, ApieClient.Current);

        capture.Dispose();

        Assert.Same(before, ApieClient.Current);
        Assert.NotEmpty(capture.Requests);
        using var next = ApieCapture.Start();
        Assert.Same(next.Client, ApieClient.Current);
    }

    [Fact]
    public void InvalidOptionNamesTheField()
    {
        var error = Assert.Throws<ApieConfigurationException>(() => ApieCapture.Start(options => options.MaxBatchSize = 0));

        Assert.Equal("maxBatchSize", error.Field);
        using var capture = ApieCapture.Start();
        Assert.Same(capture.Client, ApieClient.Current);
    }
}
