using System;
using System.Text.Json.Serialization;

namespace SupportPipeline;

/// <summary>A support request as the help desk receives it, one line of a JSON Lines ticket file.</summary>
public sealed class Ticket
{
    /// <summary>The help desk's ticket number, such as <c>TCK-1001</c>.</summary>
    public required string Id { get; init; }

    /// <summary>When the help desk received the ticket.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The customer's full name.</summary>
    public required string Customer { get; init; }

    /// <summary>The customer's email address.</summary>
    public required string Email { get; init; }

    /// <summary>The channel the ticket came in through.</summary>
    public required TicketChannel Channel { get; init; }

    /// <summary>The priority the customer or the intake form chose; triage may raise it.</summary>
    public required TicketPriority Priority { get; init; }

    /// <summary>The ticket's subject line.</summary>
    public required string Subject { get; init; }

    /// <summary>The customer's message.</summary>
    public required string Body { get; init; }

    /// <summary>The order the ticket is about, such as <c>ORD-58213</c>, or null when the customer gave none.</summary>
    public string? OrderId { get; init; }

    /// <summary>The refund the customer requests, in US dollars, or null when the ticket requests none.</summary>
    public decimal? RefundAmount { get; init; }

    /// <summary>The first word of <see cref="Customer"/>, used to greet the customer in replies.</summary>
    [JsonIgnore]
    public string CustomerFirstName => Customer.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is [var first, ..] ? first : Customer;
}

/// <summary>The channel a ticket came in through.</summary>
public enum TicketChannel
{
    /// <summary>An email to the support address.</summary>
    Email,

    /// <summary>The chat widget in the product.</summary>
    Chat,

    /// <summary>A phone call, transcribed by the agent who took it.</summary>
    Phone,

    /// <summary>The contact form on the website.</summary>
    Web,

    /// <summary>A message on a social network.</summary>
    Social,
}

/// <summary>How soon a ticket needs a reply, from lowest to highest.</summary>
public enum TicketPriority
{
    /// <summary>Reply within three business days.</summary>
    Low,

    /// <summary>Reply within one business day.</summary>
    Normal,

    /// <summary>Reply within four hours.</summary>
    High,

    /// <summary>Reply within one hour, at any time of day.</summary>
    Urgent,
}
