using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Apie;

namespace SupportPipeline;

/// <summary>
/// The support pipeline: each ticket is one Apie pipeline session, in which an orchestrator run starts a triage
/// worker run and then a resolution worker run. The runs call the tools of <see cref="SupportTools"/>. Every trace
/// comes from the attributes on these methods.
/// </summary>
public static class TicketPipeline
{
    /// <summary>
    /// Handles the tickets one after another, writes each ticket's timeline to <paramref name="output"/> as soon
    /// as the ticket is done, then a summary line.
    /// </summary>
    /// <remarks>
    /// Apie records through <see cref="ApieClient.Current"/>; the caller shuts it down with
    /// <see cref="ApieClient.ShutdownAsync"/> so that every queued request is sent.
    /// </remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<PipelineReport> RunAsync(IReadOnlyList<Ticket> tickets, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(output);

        var orchestrator = new Orchestrator(new TriageWorker(), new ResolutionWorker(), new SupportTools());
        var reports = new List<TicketReport>(tickets.Count);
        foreach (var ticket in tickets)
        {
            var timeline = new TicketTimeline(ticket.Id);
            var outcome = await HandleTicketAsync(orchestrator, ticket, timeline, cancellationToken);
            var report = new TicketReport(ticket, outcome, timeline);
            reports.Add(report);
            TimelinePrinter.WriteTicket(output, report);
        }

        var pipelineReport = new PipelineReport(reports, ApieClient.Current.Destination, ApieClient.Current.IsLocalMode);
        TimelinePrinter.WriteSummary(output, pipelineReport);
        return pipelineReport;
    }

    /// <summary>Handles one ticket as an Apie pipeline session.</summary>
    /// <remarks>
    /// A method with a body: the Apie generator intercepts the call in <see cref="RunAsync"/>, opens the session
    /// before the body runs, and completes it when the returned task completes.
    /// </remarks>
    [ApieSession(Kind = SessionKind.Pipeline, InputSummary = "Ticket {ticket.Id} via {ticket.Channel}: {ticket.Subject}",
        OutputSummary = "{result.Summary}")]
    internal static Task<TicketOutcome> HandleTicketAsync(Orchestrator orchestrator, Ticket ticket, TicketTimeline timeline, CancellationToken cancellationToken)
        => timeline.StartSession().RecordAsync(
            () => orchestrator.HandleAsync(ticket, timeline, cancellationToken),
            outcome => outcome.Summary);
}
