using System.Collections.Generic;
using System.Linq;

namespace SupportPipeline;

/// <summary>One handled ticket: the ticket, how it ended, and its timeline.</summary>
public sealed record TicketReport(Ticket Ticket, TicketOutcome Outcome, TicketTimeline Timeline);

/// <summary>The result of a pipeline pass over a list of tickets.</summary>
public sealed class PipelineReport
{
    /// <summary>Creates the report of the handled tickets and the place Apie sent its requests to.</summary>
    public PipelineReport(IReadOnlyList<TicketReport> tickets, string apieDestination, bool apieIsLocal)
    {
        Tickets = tickets;
        ApieDestination = apieDestination;
        ApieIsLocal = apieIsLocal;
    }

    /// <summary>The handled tickets in the order they were handled.</summary>
    public IReadOnlyList<TicketReport> Tickets { get; }

    /// <summary>The Apie service URL or the local request file, from <c>ApieClient.Current.Destination</c>.</summary>
    public string ApieDestination { get; }

    /// <summary>Whether Apie wrote its requests to a local file instead of a service.</summary>
    public bool ApieIsLocal { get; }

    /// <summary>The number of runs in all sessions.</summary>
    public int RunCount => Tickets.Sum(ticket => ticket.Timeline.Runs.Count);

    /// <summary>The number of runs that ended with an exception.</summary>
    public int FailedRunCount => Tickets.Sum(ticket => ticket.Timeline.Runs.Count(run => run.Status == StepStatus.Failed));

    /// <summary>The number of tickets that a human queue took over.</summary>
    public int EscalationCount => Tickets.Count(ticket => ticket.Outcome.IsEscalated);

    /// <summary>The number of tool calls in all runs, whatever their outcome.</summary>
    public int ToolCallCount => Tickets.Sum(ticket => ticket.Timeline.ToolCalls.Count);

    /// <summary>The number of tool calls whose body never ran because a guardrail blocked them or an approval was not granted.</summary>
    public int BlockedToolCallCount => CountToolCalls(ToolCallStatus.Blocked);

    /// <summary>The number of tool calls that ended with an exception other than a block.</summary>
    public int FailedToolCallCount => CountToolCalls(ToolCallStatus.Failed);

    private int CountToolCalls(ToolCallStatus status)
        => Tickets.Sum(ticket => ticket.Timeline.ToolCalls.Count(call => call.Status == status));
}
