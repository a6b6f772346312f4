using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Apie;

namespace SupportPipeline;

/// <summary>What the resolution worker did for a ticket, the reply it wrote, and the queue it handed the ticket to, if any.</summary>
public sealed record Resolution(ResolutionAction Action, string Reply, string? HandoffQueue);

/// <summary>The action the resolution worker took.</summary>
public enum ResolutionAction
{
    /// <summary>Replied with information or instructions.</summary>
    Answered,

    /// <summary>Issued a refund to the original payment method.</summary>
    RefundIssued,

    /// <summary>Shipped a replacement for a damaged or wrong item.</summary>
    ReplacementShipped,

    /// <summary>Changed the shipping address of an order that has not shipped.</summary>
    AddressUpdated,

    /// <summary>Scheduled the end of a subscription.</summary>
    CancellationScheduled,

    /// <summary>Replied and handed the ticket to a specialist queue.</summary>
    HandedOff,
}

/// <summary>
/// The second pipeline step: writes a templated reply for the triaged ticket, performs the action the reply
/// promises, and sends the reply with the <c>support.reply</c> tool. Throws a <see cref="ResolutionException"/>
/// for a ticket its rules must not settle.
/// </summary>
/// <remarks>
/// This worker shows the partial-method way of marking: <see cref="ResolveAsync"/> has no body, and the Apie
/// generator writes one that records the run around a call to <see cref="ResolveAsyncCore"/>. Calls through a
/// delegate are recorded too. The tool calls it makes through <see cref="RunTools"/> are recorded in this run.
/// </remarks>
internal sealed partial class ResolutionWorker
{
    /// <summary>The largest refund, in US dollars, that the worker issues without a person's approval.</summary>
    public const decimal RefundLimit = 250m;

    /// <summary>The human queue that takes over a refund that a guardrail stopped.</summary>
    public const string BillingTeamQueue = "billing-team";

    /// <summary>Resolves the ticket according to its triage result and sends the reply.</summary>
    /// <exception cref="RefundLimitExceededException">The ticket requests a refund above <see cref="RefundLimit"/>.</exception>
    /// <exception cref="MissingOrderNumberException">The ticket is about an order but names none.</exception>
    /// <exception cref="RefundDeclinedException">The payment provider declined the refund.</exception>
    [ApieRun("Resolve {ticket.Id} as {triage.Category}", Role = "worker", StepKey = "resolve", StepName = "Resolution", StepIndex = 1,
        OutputSummary = "{result.Action}")]
    public partial Task<Resolution> ResolveAsync(Ticket ticket, TriageResult triage, RunTools tools, CancellationToken cancellationToken);

    private async Task<Resolution> ResolveAsyncCore(Ticket ticket, TriageResult triage, RunTools tools, CancellationToken cancellationToken)
    {
        // Stands in for looking up the customer's account and orders.
        await Task.Delay(3, cancellationToken);

        var resolution = await DecideAsync(ticket, triage, tools);

        // NOTE: a guardrail block of support.reply is not handled. The exception fails this run, and the
        // orchestrator, which catches only ResolutionException, lets it end the pass.
        await tools.SendReplyAsync(ticket, resolution.Reply);
        return resolution;
    }

    private static async Task<Resolution> DecideAsync(Ticket ticket, TriageResult triage, RunTools tools)
    {
        var text = ticket.Subject + "\n" + ticket.Body;
        var name = ticket.CustomerFirstName;
        return triage.Category switch
        {
            TicketCategory.Security => new Resolution(
                ResolutionAction.HandedOff,
                $"Hi {name}, we have signed out every session on your account and require a new password at the next sign-in. Our security team will contact you within the hour.",
                "security-team"),
            TicketCategory.Cancellation => new Resolution(
                ResolutionAction.CancellationScheduled,
                $"Hi {name}, your subscription ends at the close of the current billing period. You keep full access until then.",
                null),
            TicketCategory.Billing => await ResolveBillingAsync(ticket, name, text, tools),
            TicketCategory.Shipping => ResolveShipping(ticket, name, text),
            TicketCategory.Privacy => new Resolution(
                ResolutionAction.HandedOff,
                $"Hi {name}, we have registered your data protection request. Our privacy office confirms it within 30 days, as the GDPR requires.",
                "privacy-office"),
            TicketCategory.Account => await ResolveAccountAsync(ticket, name, text, tools),
            TicketCategory.Technical => await ResolveTechnicalAsync(ticket, name, triage.Priority, tools),
            _ => await ResolveGeneralAsync(ticket, name, text, tools),
        };
    }

    private static async Task<Resolution> ResolveBillingAsync(Ticket ticket, string name, string text, RunTools tools)
    {
        if (Keywords.ContainsAny(text, "refund"))
        {
            if (ticket.OrderId is null)
            {
                throw new MissingOrderNumberException(ticket.Id);
            }

            if (ticket.RefundAmount is not { } amount)
            {
                return new Resolution(
                    ResolutionAction.Answered,
                    $"Hi {name}, which charge on order {ticket.OrderId} should we refund? Please reply with the amount and the date of the charge.",
                    null);
            }

            if (amount > RefundLimit)
            {
                throw new RefundLimitExceededException(ticket.Id, amount, RefundLimit);
            }

            return await RefundAsync(ticket, ticket.OrderId, amount, name, tools);
        }

        if (Keywords.ContainsAny(text, "invoice", "vat", "receipt"))
        {
            return new Resolution(
                ResolutionAction.Answered,
                $"Hi {name}, we have reissued the invoice with the details you sent. You can download it under Billing > Invoices.",
                null);
        }

        if (Keywords.ContainsAny(text, "declined", "payment failed"))
        {
            return new Resolution(
                ResolutionAction.Answered,
                $"Hi {name}, your bank declined the renewal. Please update the card under Billing > Payment methods; we retry the payment within 24 hours and your access continues meanwhile.",
                null);
        }

        return new Resolution(
            ResolutionAction.Answered,
            $"Hi {name}, you can see every charge and invoice under Billing in your account settings. Reply to this message if a charge looks wrong.",
            null);
    }

    /// <summary>
    /// Issues the refund with the <c>billing.refund</c> tool. When a guardrail blocks it, or its approval is not
    /// granted, the refund did not happen: the ticket goes to <see cref="BillingTeamQueue"/> with a holding reply.
    /// </summary>
    private static async Task<Resolution> RefundAsync(Ticket ticket, string orderId, decimal amount, string name, RunTools tools)
    {
        try
        {
            var receipt = await tools.RefundAsync(orderId, amount);
            return new Resolution(
                ResolutionAction.RefundIssued,
                string.Create(CultureInfo.InvariantCulture, $"Hi {name}, we have refunded {receipt.Amount:N2} USD for order {receipt.OrderId} to your original payment method. It arrives within 5 to 7 business days."),
                null);
        }
        catch (ApieException exception) when (exception is ApieGuardrailBlockedException or ApieApprovalException)
        {
            return new Resolution(
                ResolutionAction.HandedOff,
                string.Create(CultureInfo.InvariantCulture, $"Hi {name}, your refund of {amount:N2} USD for order {orderId} needs a review by our billing team. They will reply on ticket {ticket.Id} within one business day."),
                BillingTeamQueue);
        }
    }

    private static Resolution ResolveShipping(Ticket ticket, string name, string text)
    {
        if (ticket.OrderId is null)
        {
            throw new MissingOrderNumberException(ticket.Id);
        }

        if (Keywords.ContainsAny(text, "damaged", "broken", "cracked", "wrong item"))
        {
            return new Resolution(
                ResolutionAction.ReplacementShipped,
                $"Hi {name}, we are sorry about order {ticket.OrderId}. A replacement ships today with express delivery, and a prepaid return label follows by email.",
                null);
        }

        if (Keywords.ContainsAny(text, "address"))
        {
            return new Resolution(
                ResolutionAction.AddressUpdated,
                $"Hi {name}, order {ticket.OrderId} has not shipped yet, so we have changed its shipping address as you asked.",
                null);
        }

        return new Resolution(
            ResolutionAction.Answered,
            $"Hi {name}, we have opened a trace with the carrier for order {ticket.OrderId} and will update you within two business days.",
            null);
    }

    private static async Task<Resolution> ResolveAccountAsync(Ticket ticket, string name, string text, RunTools tools)
    {
        var article = await tools.SearchKnowledgeBaseAsync(ticket.Subject);
        string reply;
        if (Keywords.ContainsAny(text, "locked out", "two-factor", "2fa"))
        {
            reply = $"Hi {name}, to restore access without your second factor we need to verify your identity. Please follow the link in the email we just sent.";
        }
        else if (Keywords.ContainsAny(text, "email address"))
        {
            reply = $"Hi {name}, you can change your email address under Settings > Profile. We send a confirmation link to the new address.";
        }
        else
        {
            reply = $"Hi {name}, we have sent a password reset link to the email address on your account. It is valid for one hour.";
        }

        return new Resolution(ResolutionAction.Answered, WithArticle(reply, article), null);
    }

    private static async Task<Resolution> ResolveTechnicalAsync(Ticket ticket, string name, TicketPriority priority, RunTools tools)
    {
        if (priority == TicketPriority.Urgent)
        {
            return new Resolution(
                ResolutionAction.HandedOff,
                $"Hi {name}, we have opened an incident and paged our on-call engineers. We post updates on the status page every 30 minutes.",
                "on-call-engineering");
        }

        var article = await tools.SearchKnowledgeBaseAsync(ticket.Subject);
        return new Resolution(
            ResolutionAction.Answered,
            WithArticle($"Hi {name}, please update to the latest version and sign out and in again. If the problem stays, reply with the steps that lead to it and we will investigate.", article),
            null);
    }

    private static async Task<Resolution> ResolveGeneralAsync(Ticket ticket, string name, string text, RunTools tools)
    {
        if (Keywords.ContainsAny(text, "thank", "love", "feature request"))
        {
            return new Resolution(
                ResolutionAction.Answered,
                $"Hi {name}, thank you for taking the time to write to us. We have shared your message with the product team.",
                null);
        }

        var article = await tools.SearchKnowledgeBaseAsync(ticket.Subject);
        var reply = article is null
            ? $"Hi {name}, thanks for your question. Our help center answers it under Getting started, and we are happy to help further if anything is unclear."
            : $"Hi {name}, thanks for your question. Our help center answers it in \"{article.Title}\": {article.Url}. We are happy to help further if anything is unclear.";
        return new Resolution(ResolutionAction.Answered, reply, null);
    }

    /// <summary>Appends a pointer to <paramref name="article"/> to <paramref name="reply"/>, or returns the reply unchanged when no article matched.</summary>
    private static string WithArticle(string reply, KnowledgeArticle? article)
        => article is null ? reply : $"{reply} Our help article \"{article.Title}\" walks through it: {article.Url}";
}
