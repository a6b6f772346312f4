using System;
using System.Collections.Generic;
using System.Linq;
using Apie.Testing;
using SupportPipeline;
using Xunit;

namespace Apie.Samples.Tests;

/// <summary>
/// Checks what Apie recorded while the sample's pipeline handled the bundled tickets: one pipeline session per
/// ticket, an orchestrator run and two worker runs under it, and the failing worker runs with their errors.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class SupportPipelineTests : IClassFixture<PipelineRunFixture>
{
    // The bundled tickets whose resolution worker throws: a refund above the limit and a missing order number.
    private static readonly string[] s_failingTicketIds = ["TCK-1007", "TCK-1015"];

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
            Assert.Empty(orchestrator.Events);
            Assert.Empty(triage.Events);

            if (!failingTickets.Contains(_run.Tickets[i].Id))
            {
                Assert.Equal("completed", Status(resolve.Completions[0]));
                Assert.Empty(resolve.Events);
                continue;
            }

            var completion = resolve.Completions[0];
            Assert.Equal("failed", Status(completion));

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
    public void Timeline_MentionsEveryTicket()
    {
        foreach (var ticket in _run.Tickets)
        {
            Assert.Contains($"{ticket.Id} session", _run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("failed", _run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_NamesCountsAndServer()
    {
        var summary = _run.Output.TrimEnd().Split('\n')[^1];
        Assert.StartsWith($"Processed {_run.Tickets.Count} tickets: {_run.Tickets.Count * 3} runs, 2 failed runs, ", summary, StringComparison.Ordinal);
        Assert.EndsWith($"Apie sent its requests to {_run.ServerUrl}", summary, StringComparison.Ordinal);
    }

    private SessionTrace SessionOf(string ticketId)
    {
        var index = _run.Tickets.ToList().FindIndex(ticket => ticket.Id == ticketId);
        Assert.True(index >= 0, $"Ticket {ticketId} is not among the bundled tickets.");
        return _run.Trace.Sessions[index];
    }

    private static string? Status(RecordedRequest completion) => RecordedTrace.String(completion.Json, "status");
}
