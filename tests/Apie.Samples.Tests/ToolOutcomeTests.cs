using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Apie.Testing;
using SupportPipeline;
using Xunit;

namespace Apie.Samples.Tests;

/// <summary>
/// Tool-call outcomes that the bundled tickets do not reach: a refund that the payment provider declines, and a
/// refund that waits for a human approval that is then granted or rejected. Each test runs one refund ticket
/// against its own loopback Apie server in enforce mode.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class ToolOutcomeTests
{
    private const string Refund = SupportTools.RefundTool;
    private const string Reply = SupportTools.ReplyTool;

    [Fact]
    public async Task DeclinedRefund_IsFailedToolCall()
    {
        await using var server = await LoopbackApieServer.StartAsync();
        server.GuardrailRule = RefundReviewGuardrail.Evaluate;

        var (report, output) = await RunPipelineAsync(server, RefundTicket(0m));

        var ticket = Assert.Single(report.Tickets);
        var (orchestrator, resolve) = (ticket.Timeline.Runs[0], ticket.Timeline.Runs[2]);
        var refund = Assert.Single(ticket.Timeline.ToolCalls, call => call.ToolName == Refund);
        Assert.Equal(ToolCallStatus.Failed, refund.Status);
        Assert.Same(resolve, refund.Run);
        Assert.Equal(
            "RefundDeclinedException: The payment provider declined the refund of 0.00 USD on order ORD-70001: the amount must be more than 0.00 USD.",
            refund.Detail);

        // The exception fails the resolution run, and the orchestrator escalates and sends the holding reply.
        Assert.Equal(StepStatus.Failed, resolve.Status);
        Assert.Equal("billing-team", ticket.Outcome.EscalationQueue);
        var reply = Assert.Single(ticket.Timeline.ToolCalls, call => call.ToolName == Reply);
        Assert.Same(orchestrator, reply.Run);
        Assert.Equal(ToolCallStatus.Allowed, reply.Status);

        var refundLine = Assert.Single(Lines(output), line => line.StartsWith("      tool billing.refund ", StringComparison.Ordinal));
        Assert.Equal("failed", refundLine.Substring(31, 9).TrimEnd());
        Assert.EndsWith(refund.Detail, refundLine, StringComparison.Ordinal);
        Assert.Contains("2 tool calls (0 blocked, 1 failed)", output, StringComparison.Ordinal);

        var resolveTrace = Assert.Single(RecordedTrace.From(server.Requests).Sessions).Runs[2];
        Assert.Equal(
            ["agent.guardrail.evaluated", "agent.tool.called", "agent.action.requested", "agent.action.failed", "agent.error"],
            resolveTrace.Events.Select(e => e.Type));
        Assert.All(resolveTrace.Events.Take(4), e => Assert.Equal(Refund, e.ToolName));
        Assert.Equal("failed", RecordedTrace.String(resolveTrace.Completions[0].Json, "status"));
    }

    [Theory]
    [InlineData("approved", ToolCallStatus.Allowed, "resolved: RefundIssued")]
    [InlineData("rejected", ToolCallStatus.Blocked, "handed off to billing-team")]
    public async Task ApprovalDecidesRefund(string approval, ToolCallStatus expectedStatus, string expectedSummary)
    {
        await using var server = await LoopbackApieServer.StartAsync();
        server.GuardrailRule = body => RecordedTrace.String(body.GetProperty("tool"), "name") == Refund
            ? new GuardrailVerdict("require_approval", "refunds need a manager", "refund-approval")
            : GuardrailVerdict.Allow;

        // The refund waits for the approval, so the pipeline runs while this test resolves it.
        var pipeline = RunPipelineAsync(server, RefundTicket(49.00m));
        await server.WaitUntilAsync(current => PendingApprovalId(current) is not null, TimeSpan.FromSeconds(30));
        var approvalId = PendingApprovalId(server)!;
        server.ResolveApproval(approvalId, approval);
        var (report, output) = await pipeline;

        var ticket = Assert.Single(report.Tickets);
        Assert.Equal(expectedSummary, ticket.Outcome.Summary);
        Assert.Equal(StepStatus.Completed, ticket.Timeline.Runs[2].Status);
        var refund = Assert.Single(ticket.Timeline.ToolCalls, call => call.ToolName == Refund);
        Assert.Equal(expectedStatus, refund.Status);

        var refundLine = Assert.Single(Lines(output), line => line.StartsWith("      tool billing.refund ", StringComparison.Ordinal));
        if (expectedStatus == ToolCallStatus.Blocked)
        {
            Assert.Equal($"approval rejected ({approvalId})", refund.Detail);
            Assert.Equal("blocked", refundLine.Substring(31, 9).TrimEnd());
            Assert.EndsWith($"  approval rejected ({approvalId})", refundLine, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("refunded 49.00 USD on ORD-70001", refund.Detail);
            Assert.Equal("allowed", refundLine.Substring(31, 9).TrimEnd());
        }

        var resolveTrace = Assert.Single(RecordedTrace.From(server.Requests).Sessions).Runs[2];
        var refundEvents = resolveTrace.Events.Where(e => e.ToolName == Refund).Select(e => e.Type).ToList();
        string[] expectedEvents = expectedStatus == ToolCallStatus.Blocked
            ? ["agent.guardrail.evaluated", "agent.approval.requested", "agent.approval.resolved"]
            : ["agent.guardrail.evaluated", "agent.approval.requested", "agent.approval.resolved", "agent.tool.called", "agent.action.requested", "agent.action.completed"];
        Assert.Equal(expectedEvents, refundEvents);
    }

    private static async Task<(PipelineReport Report, string Output)> RunPipelineAsync(LoopbackApieServer server, params Ticket[] tickets)
    {
        var client = ApieClient.Create(new ApieOptions
        {
            ApiKey = "apie_sk_test_sample",
            BaseUrl = server.BaseUrl,
            Mode = ApieMode.Enforce,
            ReadExternalConfiguration = false,
        });

        using var output = new StringWriter();
        try
        {
            var report = await TicketPipeline.RunAsync(tickets, output);
            return (report, output.ToString());
        }
        finally
        {
            await client.ShutdownAsync();
        }
    }

    private static Ticket RefundTicket(decimal amount) => new()
    {
        Id = "TCK-9001",
        ReceivedAt = DateTimeOffset.Parse("2025-03-04T09:00:00Z", CultureInfo.InvariantCulture),
        Customer = "Ada Lovelace",
        Email = "ada@example.com",
        Channel = TicketChannel.Email,
        Priority = TicketPriority.Normal,
        Subject = "Refund for a duplicate order",
        Body = "I placed the same order twice by mistake. Please refund the second one.",
        OrderId = "ORD-70001",
        RefundAmount = amount,
    };

    /// <summary>Returns the id of the approval that an evaluate response created, or null before there is one.</summary>
    private static string? PendingApprovalId(LoopbackApieServer server)
        => server.Requests
            .Where(request => request.Path == "/v1/guardrails/evaluate" && request.ResponseStatus == 200)
            .Select(request => request.ResponseJson.TryGetProperty("approval_request", out var approval) ? RecordedTrace.String(approval, "id") : null)
            .FirstOrDefault(id => id is not null);

    private static List<string> Lines(string output) => output.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
}
