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

/// <summary>A refund that the payment provider declined, thrown by the refund tool after the guardrails allowed it.</summary>
public sealed class RefundDeclinedException : ResolutionException
{
    /// <summary>Creates the exception for the order <paramref name="orderId"/>.</summary>
    public RefundDeclinedException(string orderId, decimal amount)
        : base(
            string.Create(CultureInfo.InvariantCulture, $"The payment provider declined the refund of {amount:N2} USD on order {orderId}: the amount must be more than 0.00 USD."),
            "billing-team")
    {
        OrderId = orderId;
        Amount = amount;
    }

    /// <summary>The order the refund was for.</summary>
    public string OrderId { get; }

    /// <summary>The declined amount, in US dollars.</summary>
    public decimal Amount { get; }
}
