using System;
using System.Collections.Generic;
using System.Linq;
using Apie.Testing;
using SupportPipeline;
using Xunit;

namespace Apie.Samples.Tests;

/// <summary>
/// Checks what Apie recorded while the sample's pipeline handled the bundled tickets in enforce mode with the
/// refund-review guardrail. Each ticket has one pipeline session with an orchestrator run and two worker runs
/// under it. The tests check the failing worker runs with their errors, and each run's tool calls with the blocked
/// refund.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class SupportPipelineTests : IClassFixture<PipelineRunFixture>
{
    private const string Search = SupportTools.KnowledgeBaseSearchTool;
    private const string Reply = SupportTools.ReplyTool;
    private const string Refund = SupportTools.RefundTool;

    // The bundled ticket whose refund of 180.00 USD is at least the guardrail's 100 USD and at most the worker's
    // own limit of 250 USD, so the refund tool is called and blocked.
    private const string BlockedRefundTicketId = "TCK-1025";

    // The bundled tickets whose resolution worker throws: a refund above the limit and a missing order number.
    private static readonly string[] s_failingTicketIds = ["TCK-1007", "TCK-1015"];

    // The bundled tickets whose refunds are below 100 USD, so the guardrail allows them.
    private static readonly string[] s_allowedRefundTicketIds = ["TCK-1001", "TCK-1017"];

    // The tool calls of each ticket's resolution run, in order. A ticket not listed only replies. The failing
    // tickets' runs throw before any tool call, and their orchestrator run sends the holding reply instead.
    private static readonly Dictionary<string, string[]> s_resolutionTools = new()
    {
        ["TCK-1001"] = [Refund, Reply],
        ["TCK-1003"] = [Search, Reply],
        ["TCK-1004"] = [Search, Reply],
        ["TCK-1006"] = [Search, Reply],
        ["TCK-1007"] = [],
        ["TCK-1014"] = [Search, Reply],
        ["TCK-1015"] = [],
        ["TCK-1016"] = [Search, Reply],
        ["TCK-1017"] = [Refund, Reply],
        ["TCK-1018"] = [Search, Reply],
        ["TCK-1020"] = [Search, Reply],
        [BlockedRefundTicketId] = [Refund, Reply],
    };

    // The human queue of every escalated ticket. The pipeline resolves the other tickets itself.
    private static readonly Dictionary<string, string?> s_escalations = new()
    {
        ["TCK-1005"] = "security-team",
        ["TCK-1007"] = "billing-supervisors",
        ["TCK-1010"] = "on-call-engineering",
        ["TCK-1012"] = "privacy-office",
        ["TCK-1015"] = "order-desk",
        ["TCK-1021"] = "security-team",
        [BlockedRefundTicketId] = "billing-team",
    };

    private readonly PipelineRunFixture _run;

    public SupportPipelineTests(PipelineRunFixture run)
    {
        _run = run;
    }

    [Fact]
    public void BundledTickets_AreVaried()
    {
        Assert.True(_run.Tickets.Count >= 20, $"The bundled file has {_run.Tickets.Count} tickets.");
        Assert.Equal(_run.Tickets.Count, _run.Tickets.Select(ticket => ticket.Id).Distinct().Count());
        Assert.True(_run.Tickets.Select(ticket => ticket.Channel).Distinct().Count() >= 4);
        Assert.True(_run.Report.Tickets.Select(ticket => ticket.Outcome.Category).Distinct().Count() >= 6);
    }

    [Fact]
    public void Client_SentEveryRequest()
    {
        Assert.Equal(0, _run.QueueAfterShutdown.QueueSize);
        Assert.Equal(0, _run.QueueAfterShutdown.DroppedCount);
        Assert.All(_run.Requests, request => Assert.True(
            request.ResponseStatus is 200 or 201,
            $"{request.Method} {request.Path} returned {request.ResponseStatus}: {request.ResponseBody}"));
        Assert.Empty(_run.Trace.Unmatched);
    }

    [Fact]
    public void Sessions_FollowTicketsInOrder()
    {
        var sessions = _run.Trace.Sessions;
        Assert.Equal(_run.Tickets.Count, sessions.Count);
        for (var i = 0; i < sessions.Count; i++)
        {
            var body = sessions[i].Creation.Json;
            Assert.Equal("pipeline", RecordedTrace.String(body, "kind"));
            Assert.Contains(_run.Tickets[i].Id, RecordedTrace.String(body, "input_summary") ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sessions_HaveOrchestratorThenTwoWorkers()
    {
        foreach (var session in _run.Trace.Sessions)
        {
            Assert.Equal(3, session.Runs.Count);
            Assert.All(session.Runs, run => Assert.Equal($"/v1/sessions/{session.Id}/runs", run.Creation.Path));
            Assert.All(session.Runs, run => Assert.True(run.Creation.Index > session.Creation.Index));

            var (orchestrator, triage, resolve) = (session.Runs[0], session.Runs[1], session.Runs[2]);
            Assert.Equal("orchestrator", orchestrator.Role);
            Assert.Null(orchestrator.StepKey);

            Assert.Equal("worker", triage.Role);
            Assert.Equal("triage", triage.StepKey);
            Assert.Equal(0, triage.StepIndex);

            Assert.Equal("worker", resolve.Role);
            Assert.Equal("resolve", resolve.StepKey);
            Assert.Equal(1, resolve.StepIndex);
        }
    }

    [Fact]
    public void Workers_NameOrchestratorAsParent()
    {
        foreach (var session in _run.Trace.Sessions)
        {
            var orchestrator = Assert.Single(session.Runs, run => run.Role == "orchestrator");
            Assert.Null(orchestrator.ParentRunId);

            var workers = session.Runs.Where(run => run.Role == "worker").ToList();
            Assert.Equal(2, workers.Count);
            Assert.All(workers, worker => Assert.Equal(orchestrator.Id, worker.ParentRunId));
        }
    }

    [Fact]
    public void Runs_CompleteOnceAfterTheirWork()
    {
        foreach (var session in _run.Trace.Sessions)
        {
            foreach (var run in session.Runs)
            {
                var completion = Assert.Single(run.Completions);
                Assert.True(completion.Index > run.Creation.Index);
            }

            var (orchestrator, triage, resolve) = (session.Runs[0], session.Runs[1], session.Runs[2]);

            // The orchestrator starts the resolution worker only after triage completed, and completes last.
            Assert.True(triage.Completions[0].Index < resolve.Creation.Index);
            Assert.True(resolve.Completions[0].Index < orchestrator.Completions[0].Index);
        }
    }

    [Fact]
    public void FailingTickets_AreTheExpectedOnes()
    {
        var failedInReport = _run.Report.Tickets
            .Where(ticket => ticket.Timeline.Runs.Any(run => run.Status == StepStatus.Failed))
            .Select(ticket => ticket.Ticket.Id);
        Assert.Equal(s_failingTicketIds, failedInReport);
        Assert.Equal(s_failingTicketIds.Length, _run.Report.FailedRunCount);
    }

    [Fact]
    public void FailingWorker_RecordsErrorThenFails()
    {
        var failingTickets = new HashSet<string>(s_failingTicketIds, StringComparer.Ordinal);
        for (var i = 0; i < _run.Tickets.Count; i++)
        {
            var session = _run.Trace.Sessions[i];
            var (orchestrator, triage, resolve) = (session.Runs[0], session.Runs[1], session.Runs[2]);
            Assert.Equal("completed", Status(orchestrator.Completions[0]));
            Assert.Equal("completed", Status(triage.Completions[0]));
            Assert.DoesNotContain(orchestrator.Events, e => e.Type == "agent.error");
            Assert.Empty(triage.Events);

            if (!failingTickets.Contains(_run.Tickets[i].Id))
            {
                Assert.Equal("completed", Status(resolve.Completions[0]));
                Assert.DoesNotContain(resolve.Events, e => e.Type == "agent.error");
                continue;
            }

            var completion = resolve.Completions[0];
            Assert.Equal("failed", Status(completion));

            // The worker throws before its first tool call, so the error is the run's only event.
            var error = Assert.Single(resolve.Events);
            Assert.Equal("agent.error", error.Type);
            Assert.Equal(resolve.Id, RecordedTrace.String(error.Body, "run_id"));
            Assert.Equal(session.Id, RecordedTrace.String(error.Body, "session_id"));
            Assert.True(error.RequestIndex < completion.Index, $"The agent.error event of {_run.Tickets[i].Id} arrived after the run's completion.");
        }
    }

    [Fact]
    public void FailingWorker_ReportsExceptionType()
    {
        var expected = new Dictionary<string, string>
        {
            ["TCK-1007"] = typeof(RefundLimitExceededException).FullName!,
            ["TCK-1015"] = typeof(MissingOrderNumberException).FullName!,
        };

        foreach (var (ticketId, exceptionType) in expected)
        {
            var session = SessionOf(ticketId);
            var resolve = session.Runs[2];
            var metadata = resolve.Completions[0].Json.GetProperty("metadata");
            Assert.Equal(exceptionType, RecordedTrace.String(metadata, "error_type"));

            var error = Assert.Single(resolve.Events);
            var eventMetadata = error.Body.GetProperty("metadata");
            Assert.Equal(exceptionType, RecordedTrace.String(eventMetadata, "exception_type"));
        }
    }

    [Fact]
    public void Sessions_CompleteOnceWithOutcome()
    {
        for (var i = 0; i < _run.Tickets.Count; i++)
        {
            var session = _run.Trace.Sessions[i];
            var completion = Assert.Single(session.Completions);
            Assert.Equal($"/v1/sessions/{session.Id}/complete", completion.Path);
            Assert.Equal("completed", Status(completion));
            Assert.All(session.Runs, run => Assert.True(run.Completions[0].Index < completion.Index));

            // The OutputSummary templates render the outcome's Summary property on the session and the orchestrator.
            var summary = _run.Report.Tickets[i].Outcome.Summary;
            Assert.Equal(summary, RecordedTrace.String(completion.Json, "output_summary"));
            var orchestratorMetadata = session.Runs[0].Completions[0].Json.GetProperty("metadata");
            Assert.Equal(summary, RecordedTrace.String(orchestratorMetadata, "outputSummary"));
        }
    }

    [Fact]
    public void FailedTickets_AreEscalated()
    {
        foreach (var ticketId in s_failingTicketIds)
        {
            var report = Assert.Single(_run.Report.Tickets, ticket => ticket.Ticket.Id == ticketId);
            Assert.True(report.Outcome.IsEscalated);
            Assert.Equal(StepStatus.Completed, report.Timeline.Session?.Status);
            Assert.Equal(StepStatus.Failed, report.Timeline.Runs[2].Status);
        }
    }

    [Fact]
    public void Escalations_AreTheExpectedTickets()
    {
        var escalated = _run.Report.Tickets
            .Where(ticket => ticket.Outcome.IsEscalated)
            .ToDictionary(ticket => ticket.Ticket.Id, ticket => ticket.Outcome.EscalationQueue);
        Assert.Equal(s_escalations.OrderBy(pair => pair.Key), escalated.OrderBy(pair => pair.Key));
    }

    [Fact]
    public void Runs_RecordTheirToolEvents()
    {
        for (var i = 0; i < _run.Tickets.Count; i++)
        {
            var ticketId = _run.Tickets[i].Id;
            var session = _run.Trace.Sessions[i];
            var failing = s_failingTicketIds.Contains(ticketId);
            var resolutionTools = s_resolutionTools.GetValueOrDefault(ticketId, [Reply]);

            var expectedOrchestrator = failing ? ToolEvents(Reply, blocked: false) : [];
            var expectedResolve = failing
                ? [("agent.error", null)]
                : resolutionTools.SelectMany(tool => ToolEvents(tool, blocked: ticketId == BlockedRefundTicketId && tool == Refund)).ToList();

            Assert.Equal(expectedOrchestrator, session.Runs[0].Events.Select(e => (e.Type, e.ToolName)));
            Assert.Equal(expectedResolve, session.Runs[2].Events.Select(e => (e.Type, e.ToolName)));
        }
    }

    [Fact]
    public void Runs_SendOneEvaluationPerToolCall()
    {
        for (var i = 0; i < _run.Tickets.Count; i++)
        {
            var session = _run.Trace.Sessions[i];
            foreach (var run in session.Runs)
            {
                var evaluated = run.Events.Where(e => e.Type == "agent.guardrail.evaluated").Select(e => e.ToolName);
                var requested = run.Evaluations.Select(request => RecordedTrace.String(request.Json.GetProperty("tool"), "name"));
                Assert.Equal(evaluated, requested);
                Assert.All(run.Evaluations, request => Assert.Equal("enforce", RecordedTrace.String(request.Json, "mode")));
            }
        }

        Assert.Equal(ExpectedToolCallCount(), _run.Trace.Runs.Sum(run => run.Evaluations.Count));
    }

    [Fact]
    public void BlockedRefund_SendsDecisionWithoutToolCall()
    {
        var session = SessionOf(BlockedRefundTicketId);
        var resolve = session.Runs[2];

        var refundEvents = resolve.Events.Where(e => e.ToolName == Refund).ToList();
        var evaluated = Assert.Single(refundEvents);
        Assert.Equal("agent.guardrail.evaluated", evaluated.Type);
        Assert.DoesNotContain(resolve.Events, e => e.ToolName == Refund && e.Type == "agent.tool.called");
        Assert.DoesNotContain(resolve.Events, e => e.ToolName == Refund && e.Type == "agent.action.requested");

        var decision = evaluated.Body.GetProperty("decision");
        Assert.Equal("block", RecordedTrace.String(decision, "effectiveDecision"));
        Assert.Equal("block", RecordedTrace.String(decision, "policyDecision"));
        Assert.Equal("block", RecordedTrace.String(decision, "enforcementAction"));
        Assert.Equal("enforce", RecordedTrace.String(decision, "mode"));
        Assert.Equal(RefundReviewGuardrail.Reason, RecordedTrace.String(decision, "reason"));
        var matched = evaluated.Body.GetProperty("metadata").GetProperty("matched_guardrails");
        Assert.Equal([RefundReviewGuardrail.Key], matched.EnumerateArray().Select(key => key.GetString()));

        // The worker catches the block, so its run completes and the ticket goes to the billing team.
        Assert.Equal("completed", Status(resolve.Completions[0]));
        var report = Assert.Single(_run.Report.Tickets, ticket => ticket.Ticket.Id == BlockedRefundTicketId);
        Assert.Equal("billing-team", report.Outcome.EscalationQueue);
        Assert.Equal("handed off to billing-team", report.Outcome.Summary);
    }

    [Fact]
    public void BlockedRefund_EvaluationDescribesRefund()
    {
        var resolve = SessionOf(BlockedRefundTicketId).Runs[2];
        var evaluation = resolve.Evaluations.Single(request => RecordedTrace.String(request.Json.GetProperty("tool"), "name") == Refund);
        var body = evaluation.Json;

        Assert.Equal(resolve.Id, RecordedTrace.String(body, "run_id"));
        Assert.Equal("high", RecordedTrace.String(body, "risk_level"));
        Assert.Equal("update", RecordedTrace.String(body.GetProperty("action"), "type"));
        Assert.Equal("payment", RecordedTrace.String(body.GetProperty("resource"), "type"));
        Assert.Equal("ORD-59117", RecordedTrace.String(body.GetProperty("resource"), "external_id"));
        Assert.Equal("Refund 180.00 USD on order ORD-59117", RecordedTrace.String(body.GetProperty("metadata"), "payload_summary"));
        Assert.Equal(180.00m, RefundReviewGuardrail.ReadRefundAmount(body));
        Assert.Equal("block", RecordedTrace.String(evaluation.ResponseJson, "effective_decision"));
    }

    [Fact]
    public void AllowedRefunds_CompleteTheirAction()
    {
        var expected = new Dictionary<string, (string OrderId, string Amount)>
        {
            ["TCK-1001"] = ("ORD-58213", "49.00"),
            ["TCK-1017"] = ("ORD-58911", "29.00"),
        };
        Assert.Equal(s_allowedRefundTicketIds, expected.Keys);

        foreach (var (ticketId, (orderId, amount)) in expected)
        {
            var resolve = SessionOf(ticketId).Runs[2];
            var refundEvents = resolve.Events.Where(e => e.ToolName == Refund).ToList();
            Assert.Equal(ToolEvents(Refund, blocked: false).Select(e => e.Type), refundEvents.Select(e => e.Type));
            Assert.Equal("allow", RecordedTrace.String(refundEvents[0].Body.GetProperty("decision"), "effectiveDecision"));
            Assert.All(refundEvents, e =>
            {
                Assert.Equal($"Refund {amount} USD on order {orderId}", RecordedTrace.String(e.Body, "payload_summary"));
                Assert.Equal(orderId, RecordedTrace.String(e.Body.GetProperty("resource"), "external_id"));
            });

            var completed = refundEvents[^1].Body.GetProperty("metadata");
            Assert.Equal($"RF-{orderId}: {amount} USD on {orderId}", RecordedTrace.String(completed, "result"));

            var report = Assert.Single(_run.Report.Tickets, ticket => ticket.Ticket.Id == ticketId);
            Assert.Equal("resolved: RefundIssued", report.Outcome.Summary);
        }
    }

    [Fact]
    public void EveryTicket_SendsOneReply()
    {
        for (var i = 0; i < _run.Tickets.Count; i++)
        {
            var ticket = _run.Tickets[i];
            var events = _run.Trace.Sessions[i].Runs.SelectMany(run => run.Events).ToList();

            var called = Assert.Single(events, e => e.Type == "agent.tool.called" && e.ToolName == Reply);
            Assert.Equal(ticket.Id, RecordedTrace.String(called.Body.GetProperty("resource"), "external_id"));
            Assert.Equal("work_item", RecordedTrace.String(called.Body.GetProperty("resource"), "type"));
            Assert.Equal("communicate", RecordedTrace.String(called.Body.GetProperty("action"), "type"));
            Assert.Equal("medium", RecordedTrace.String(called.Body.GetProperty("tool"), "risk_level"));
            Assert.Equal($"Reply to the customer of {ticket.Id}", RecordedTrace.String(called.Body, "payload_summary"));
            Assert.Single(events, e => e.Type == "agent.action.completed" && e.ToolName == Reply);
        }
    }

    [Fact]
    public void KnowledgeBaseSearches_AreLowRiskReads()
    {
        var searched = 0;
        for (var i = 0; i < _run.Tickets.Count; i++)
        {
            foreach (var called in _run.Trace.Sessions[i].Runs[2].Events.Where(e => e.Type == "agent.tool.called" && e.ToolName == Search))
            {
                searched++;
                Assert.Equal("low", RecordedTrace.String(called.Body.GetProperty("tool"), "risk_level"));
                Assert.Equal("read", RecordedTrace.String(called.Body.GetProperty("action"), "type"));
                Assert.Equal("knowledge_base", RecordedTrace.String(called.Body.GetProperty("resource"), "type"));
                Assert.Equal($"Search the knowledge base for '{_run.Tickets[i].Subject}'", RecordedTrace.String(called.Body, "payload_summary"));
            }
        }

        Assert.Equal(s_resolutionTools.Values.Sum(tools => tools.Count(tool => tool == Search)), searched);
    }

    [Fact]
    public void Timeline_RecordsToolCallsUnderTheirRun()
    {
        foreach (var report in _run.Report.Tickets)
        {
            var ticketId = report.Ticket.Id;
            var runs = report.Timeline.Runs;
            var failing = s_failingTicketIds.Contains(ticketId);
            var expected = failing
                ? [(runs[0], Reply)]
                : s_resolutionTools.GetValueOrDefault(ticketId, [Reply]).Select(tool => (runs[2], tool)).ToList();

            Assert.Equal(expected, report.Timeline.ToolCalls.Select(call => (call.Run, call.ToolName)));
        }
    }

    [Fact]
    public void Timeline_RecordsBlockedRefund()
    {
        var report = Assert.Single(_run.Report.Tickets, ticket => ticket.Ticket.Id == BlockedRefundTicketId);
        var refund = Assert.Single(report.Timeline.ToolCalls, call => call.ToolName == Refund);

        Assert.Equal(ToolCallStatus.Blocked, refund.Status);
        Assert.Equal(RefundReviewGuardrail.Reason, refund.BlockReason);
        Assert.Equal([RefundReviewGuardrail.Key], refund.MatchedGuardrails);
        Assert.All(
            _run.Report.Tickets.Where(ticket => ticket.Ticket.Id != BlockedRefundTicketId).SelectMany(ticket => ticket.Timeline.ToolCalls),
            call => Assert.Equal(ToolCallStatus.Allowed, call.Status));
    }

    [Fact]
    public void Timeline_MentionsEveryTicket()
    {
        foreach (var ticket in _run.Tickets)
        {
            Assert.Contains($"{ticket.Id} session", _run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("failed", _run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeline_PrintsBlockedRefundLine()
    {
        var lines = TicketLines(BlockedRefundTicketId);
        var resolveLine = Array.FindIndex(lines, line => line.StartsWith("    worker resolve (step 1)", StringComparison.Ordinal));
        Assert.True(resolveLine >= 0, string.Join('\n', lines));
        Assert.Contains("completed", lines[resolveLine], StringComparison.Ordinal);
        Assert.EndsWith("HandedOff to billing-team", lines[resolveLine], StringComparison.Ordinal);

        // The refund line follows its run, one level deeper, with the status in the same column as the runs'.
        var refundLine = lines[resolveLine + 1];
        Assert.StartsWith("      tool billing.refund ", refundLine, StringComparison.Ordinal);
        Assert.Equal("blocked", refundLine.Substring(31, 9).TrimEnd());
        Assert.Equal("completed", lines[resolveLine].Substring(31, 9).TrimEnd());
        Assert.EndsWith($"  {RefundReviewGuardrail.Reason} (guardrail {RefundReviewGuardrail.Key})", refundLine, StringComparison.Ordinal);
        Assert.StartsWith("      tool support.reply ", lines[resolveLine + 2], StringComparison.Ordinal);
        Assert.Contains(" allowed ", lines[resolveLine + 2], StringComparison.Ordinal);
    }

    [Fact]
    public void Timeline_PrintsHoldingReplyUnderOrchestrator()
    {
        foreach (var ticketId in s_failingTicketIds)
        {
            var lines = TicketLines(ticketId);

            // The orchestrator's own tool call comes after its workers, at the workers' depth.
            Assert.StartsWith("    worker resolve (step 1)", lines[^2], StringComparison.Ordinal);
            Assert.StartsWith("    tool support.reply ", lines[^1], StringComparison.Ordinal);
            Assert.Contains(" allowed ", lines[^1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Summary_NamesCountsAndServer()
    {
        var toolCalls = ExpectedToolCallCount();
        var summary = _run.Output.TrimEnd().Split('\n')[^1];
        Assert.Equal(
            $"Processed {_run.Tickets.Count} tickets: {_run.Tickets.Count * 3} runs, 2 failed runs, {s_escalations.Count} escalations, {toolCalls} tool calls (1 blocked, 0 failed). Apie sent its requests to {_run.ServerUrl}",
            summary);
    }

    /// <summary>Returns the number of tool calls of all bundled tickets: one holding reply per failing ticket, and the listed calls of the others.</summary>
    private int ExpectedToolCallCount()
        => _run.Tickets.Sum(ticket => s_failingTicketIds.Contains(ticket.Id) ? 1 : s_resolutionTools.GetValueOrDefault(ticket.Id, [Reply]).Length);

    private static List<(string? Type, string? Tool)> ToolEvents(string tool, bool blocked)
        => blocked
            ? [("agent.guardrail.evaluated", tool)]
            : [("agent.guardrail.evaluated", tool), ("agent.tool.called", tool), ("agent.action.requested", tool), ("agent.action.completed", tool)];

    /// <summary>Returns the printed lines of one ticket: its session line up to the blank line after it.</summary>
    private string[] TicketLines(string ticketId)
    {
        var lines = _run.Output.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(lines, line => line.StartsWith($"{ticketId} session", StringComparison.Ordinal));
        Assert.True(start >= 0, $"The output has no session line for {ticketId}.");
        var end = Array.IndexOf(lines, "", start);
        return lines[start..end];
    }

    private SessionTrace SessionOf(string ticketId)
    {
        var index = _run.Tickets.ToList().FindIndex(ticket => ticket.Id == ticketId);
        Assert.True(index >= 0, $"Ticket {ticketId} is not among the bundled tickets.");
        return _run.Trace.Sessions[index];
    }

    private static string? Status(RecordedRequest completion) => RecordedTrace.String(completion.Json, "status");
}
