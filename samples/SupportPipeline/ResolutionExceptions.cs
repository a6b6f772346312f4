using System;
using System.Globalization;

namespace SupportPipeline;

/// <summary>
/// Thrown by the resolution worker for a ticket that its rules must not settle alone. The orchestrator catches
/// it and hands the ticket to the human queue in <see cref="Queue"/>.
/// </summary>
public abstract class ResolutionException : Exception
{
    /// <summary>Creates the exception with its message and the queue that takes the ticket over.</summary>
    protected ResolutionException(string message, string queue)
        : base(message)
    {
        Queue = queue;
    }

    /// <summary>The human queue that takes the ticket over, such as <c>billing-supervisors</c>.</summary>
    public string Queue { get; }
}

/// <summary>A refund request above the amount that the worker may refund without a person's approval.</summary>
public sealed class RefundLimitExceededException : ResolutionException
{
    /// <summary>Creates the exception for the ticket <paramref name="ticketId"/>.</summary>
    public RefundLimitExceededException(string ticketId, decimal requested, decimal limit)
        : base(
            string.Create(CultureInfo.InvariantCulture, $"Ticket {ticketId} requests a refund of {requested:N2} USD, above the automatic refund limit of {limit:N2} USD."),
            "billing-supervisors")
    {
        Requested = requested;
        Limit = limit;
    }

    /// <summary>The refund the customer requests, in US dollars.</summary>
    public decimal Requested { get; }

    /// <summary>The largest refund the worker issues on its own, in US dollars.</summary>
    public decimal Limit { get; }
}

/// <summary>A request about an order that names no order, so the worker cannot look it up.</summary>
public sealed class MissingOrderNumberException : ResolutionException
{
    /// <summary>Creates the exception for the ticket <paramref name="ticketId"/>.</summary>
    public MissingOrderNumberException(string ticketId)
        : base($"Ticket {ticketId} is about an order but names no order number, so the order cannot be looked up.", "order-desk")
    {
    }
}
