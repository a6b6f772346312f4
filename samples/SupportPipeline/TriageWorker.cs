using System.Threading;
using System.Threading.Tasks;
using Apie;

namespace SupportPipeline;

/// <summary>The ticket's category, the priority triage settled on, and the keyword that decided the category.</summary>
public sealed record TriageResult(TicketCategory Category, TicketPriority Priority, string? MatchedKeyword);

/// <summary>The kind of request a ticket makes; it decides which resolution rules apply.</summary>
public enum TicketCategory
{
    /// <summary>A compromised account or an attempt to compromise one.</summary>
    Security,

    /// <summary>A request to end a subscription.</summary>
    Cancellation,

    /// <summary>Charges, refunds, invoices and payments.</summary>
    Billing,

    /// <summary>Delivery, tracking, damaged or wrong items, and shipping addresses.</summary>
    Shipping,

    /// <summary>A request about personal data under privacy law.</summary>
    Privacy,

    /// <summary>Signing in, two-factor authentication and account details.</summary>
    Account,

    /// <summary>Errors, crashes and sync problems in the product.</summary>
    Technical,

    /// <summary>Questions, feedback and feature requests.</summary>
    General,
}

/// <summary>
/// The first pipeline step: sorts a ticket into a category by keyword rules and raises its priority when its
/// text or its category calls for it.
/// </summary>
/// <remarks>
/// This worker shows the interceptor way of marking: a method with a body carries <c>[ApieRun]</c>, and the Apie
/// generator wraps every call of it in this project.
/// </remarks>
internal sealed class TriageWorker
{
    // The first rule whose keyword occurs decides, so the rules go from the most specific to the most general.
    private static readonly (TicketCategory Category, string[] Keywords)[] s_categoryRules =
    {
        (TicketCategory.Security, new[] { "unauthorized", "phishing", "hacked", "compromised", "suspicious" }),
        (TicketCategory.Cancellation, new[] { "cancel my subscription", "cancel subscription", "close my account", "unsubscribe" }),
        (TicketCategory.Billing, new[] { "refund", "charge", "invoice", "vat", "payment", "billing", "receipt", "declined" }),
        (TicketCategory.Shipping, new[] { "package", "parcel", "deliver", "tracking", "courier", "shipping", "shipment", "wrong item", "order never" }),
        (TicketCategory.Privacy, new[] { "gdpr", "personal data", "delete my data" }),
        (TicketCategory.Account, new[] { "password", "log in", "login", "sign in", "locked out", "two-factor", "2fa", "email address", "username" }),
        (TicketCategory.Technical, new[] { "error", "crash", "bug", "sync", "api", "timeout", "not loading", "500" }),
    };

    private static readonly string[] s_urgentKeywords = { "production", "outage", "is down", "all requests", "all users" };
    private static readonly string[] s_highKeywords = { "third time", "unacceptable", "chargeback", "lawyer", "nobody has answered" };

    /// <summary>Classifies the ticket and settles its priority.</summary>
    [ApieRun("Triage {ticket.Id} from {ticket.Channel}", Role = "worker", StepKey = "triage", StepName = "Triage", StepIndex = 0,
        OutputSummary = "{result.Category}, {result.Priority} priority")]
    public async Task<TriageResult> TriageAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        // Stands in for the latency of a classification model.
        await Task.Delay(2, cancellationToken);

        var text = ticket.Subject + "\n" + ticket.Body;
        var (category, keyword) = Classify(text);
        var priority = Prioritize(ticket, category, text);
        return new TriageResult(category, priority, keyword);
    }

    private static (TicketCategory Category, string? Keyword) Classify(string text)
    {
        foreach (var (category, keywords) in s_categoryRules)
        {
            if (Keywords.FindFirst(text, keywords) is { } keyword)
            {
                return (category, keyword);
            }
        }

        return (TicketCategory.General, null);
    }

    /// <summary>Returns the stated priority, raised by the ticket's category, channel and wording, never lowered.</summary>
    private static TicketPriority Prioritize(Ticket ticket, TicketCategory category, string text)
    {
        var priority = ticket.Priority;
        if (category == TicketCategory.Security || Keywords.ContainsAny(text, s_urgentKeywords))
        {
            priority = TicketPriority.Urgent;
        }
        else if (Keywords.ContainsAny(text, s_highKeywords))
        {
            priority = Max(priority, TicketPriority.High);
        }

        // A caller waits on the line, so a phone ticket is never low.
        if (ticket.Channel == TicketChannel.Phone)
        {
            priority = Max(priority, TicketPriority.Normal);
        }

        return priority;
    }

    private static TicketPriority Max(TicketPriority left, TicketPriority right) => left >= right ? left : right;
}
