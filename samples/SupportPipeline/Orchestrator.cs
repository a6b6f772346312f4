using System.Threading;
using System.Threading.Tasks;
using Apie;

namespace SupportPipeline;

/// <summary>
/// How a ticket ended: its category and priority, the reply the customer gets, and the human queue that took it
/// over, if any.
/// </summary>
public sealed record TicketOutcome(
    string TicketId,
    TicketCategory Category,
    TicketPriority Priority,
    string Reply,
    string? EscalationQueue,
    string Summary)
{
    /// <summary>Whether a human queue took the ticket over.</summary>
    public bool IsEscalated => EscalationQueue is not null;
}

/// <summary>
/// The orchestrator of one ticket: runs triage, then resolution, and escalates the ticket to a human queue when
/// the resolution worker cannot settle it. An escalated customer gets a holding reply from this run.
/// </summary>
internal sealed partial class Orchestrator
{
    private readonly TriageWorker _triage;
    private readonly ResolutionWorker _resolution;
    private readonly SupportTools _tools;

    public Orchestrator(TriageWorker triage, ResolutionWorker resolution, SupportTools tools)
    {
        _triage = triage;
        _resolution = resolution;
        _tools = tools;
    }

    /// <summary>Handles the ticket and records the steps in <paramref name="timeline"/>.</summary>
    /// <remarks>
    /// The Apie generator writes this method's body, which records the orchestrator run around a call to the
    /// method named by <c>Implementation</c>. The worker runs started inside name this run as their parent.
    /// </remarks>
    [ApieRun("Coordinate {ticket.Id} ({ticket.Priority} priority)", Role = "orchestrator",
        OutputSummary = "{result.Summary}", Implementation = nameof(CoordinateAsync))]
    public partial Task<TicketOutcome> HandleAsync(Ticket ticket, TicketTimeline timeline, CancellationToken cancellationToken);

    private Task<TicketOutcome> CoordinateAsync(Ticket ticket, TicketTimeline timeline, CancellationToken cancellationToken)
    {
        var run = timeline.StartOrchestrator();
        return run.RecordAsync(
            () => RunStepsAsync(ticket, timeline, run, cancellationToken),
            outcome => outcome.Summary);
    }

    private async Task<TicketOutcome> RunStepsAsync(Ticket ticket, TicketTimeline timeline, TimelineStep run, CancellationToken cancellationToken)
    {
        // Stands in for loading the customer's earlier tickets.
        await Task.Delay(1, cancellationToken);

        var triage = await timeline.StartWorker("triage", 0).RecordAsync(
            () => _triage.TriageAsync(ticket, cancellationToken),
            result => $"{result.Category}, {result.Priority} priority");

        var resolveRun = timeline.StartWorker("resolve", 1);
        ResolutionException failure;
        try
        {
            var resolution = await resolveRun.RecordAsync(
                () => _resolution.ResolveAsync(ticket, triage, new RunTools(_tools, resolveRun, cancellationToken), cancellationToken),
                result => result.HandoffQueue is null ? $"{result.Action}" : $"{result.Action} to {result.HandoffQueue}");
            return Resolved(ticket, triage, resolution);
        }
        catch (ResolutionException exception)
        {
            failure = exception;
        }

        // The resolution run has failed, but the ticket has not: a person in the exception's queue takes it over,
        // and this run sends the customer a holding reply, recorded as its own tool call.
        var outcome = Escalated(ticket, triage, failure);
        await new RunTools(_tools, run, cancellationToken).SendReplyAsync(ticket, outcome.Reply);
        return outcome;
    }

    private static TicketOutcome Resolved(Ticket ticket, TriageResult triage, Resolution resolution)
    {
        var summary = resolution.HandoffQueue is null
            ? $"resolved: {resolution.Action}"
            : $"handed off to {resolution.HandoffQueue}";
        return new TicketOutcome(ticket.Id, triage.Category, triage.Priority, resolution.Reply, resolution.HandoffQueue, summary);
    }

    private static TicketOutcome Escalated(Ticket ticket, TriageResult triage, ResolutionException exception)
    {
        var reply = $"Hi {ticket.CustomerFirstName}, thanks for your patience. A specialist has taken over ticket {ticket.Id} and will reply within one business day.";
        return new TicketOutcome(ticket.Id, triage.Category, triage.Priority, reply, exception.Queue, $"escalated to {exception.Queue}");
    }
}
