using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Apie;

namespace SupportPipeline;

/// <summary>A help-center article that the knowledge-base search can return.</summary>
public sealed record KnowledgeArticle(string Id, string Title, string[] Keywords)
{
    /// <summary>The article's address in the help center.</summary>
    public string Url => $"https://help.example.com/articles/{Id}";

    /// <summary>Returns the id and the title, the text Apie records as the search result.</summary>
    public override string ToString() => $"{Id} {Title}";
}

/// <summary>A reply that the reply tool sent to a customer.</summary>
public sealed record SentReply(string MessageId, string TicketId, string Email)
{
    /// <summary>Returns the message id, which Apie records as the result, so the email address stays out of the trace.</summary>
    public override string ToString() => MessageId;
}

/// <summary>A refund that the payment provider accepted.</summary>
public sealed record RefundReceipt(string RefundId, string OrderId, decimal Amount)
{
    /// <summary>Returns the refund id, the amount and the order, the text Apie records as the result.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RefundId}: {Amount:0.00} USD on {OrderId}");
}

/// <summary>
/// The tools the pipeline's runs call. Each is a method with a body marked <c>[ApieTool]</c>, so the Apie generator
/// wraps every call of it. The wrapper sends a guardrail request before the body runs and records the call in the
/// calling run. In enforce mode a guardrail block throws <see cref="ApieGuardrailBlockedException"/>, and the body
/// never runs.
/// </summary>
/// <remarks>
/// The bodies stand in for a help-center index, a mail service and a payment provider, so the sample stays
/// offline and deterministic. The class keeps no state besides a message counter, so one instance serves a
/// whole pass.
/// </remarks>
public sealed class SupportTools
{
    /// <summary>The name of the knowledge-base search tool.</summary>
    public const string KnowledgeBaseSearchTool = "kb.search";

    /// <summary>The name of the tool that sends a reply to the customer.</summary>
    public const string ReplyTool = "support.reply";

    /// <summary>The name of the refund tool.</summary>
    public const string RefundTool = "billing.refund";

    private static readonly KnowledgeArticle[] s_articles =
    {
        new("KB-101", "Reset your password", new[] { "password", "log in", "login", "sign in", "credentials" }),
        new("KB-102", "Sign in without your second factor", new[] { "two-factor", "2fa", "locked out", "lost", "phone" }),
        new("KB-103", "Change the email address of your account", new[] { "email address", "username" }),
        new("KB-201", "Fix crashes after an update", new[] { "crash", "freeze", "reports" }),
        new("KB-202", "Troubleshoot sync on mobile devices", new[] { "sync", "android", "ios", "mobile" }),
        new("KB-301", "Export projects as a CSV file", new[] { "csv", "export", "download", "spreadsheet" }),
        new("KB-302", "Discounts for students and non-profits", new[] { "discount", "student", "non-profit" }),
    };

    private int _sentReplies;

    /// <summary>Returns the article that matches the most keywords of <paramref name="query"/>, or null when none matches.</summary>
    /// <remarks>Keywords match where a word starts, ignoring case, as in <see cref="Keywords.FindFirst"/>. A tie goes to the article listed first.</remarks>
    [ApieTool(KnowledgeBaseSearchTool, RiskLevel = RiskLevel.Low, ActionType = "read", ResourceType = "knowledge_base",
        PayloadSummary = "Search the knowledge base for '{query}'")]
    public async Task<KnowledgeArticle?> SearchKnowledgeBaseAsync(string query, CancellationToken cancellationToken)
    {
        // Stands in for the latency of the search index.
        await Task.Delay(1, cancellationToken);

        KnowledgeArticle? best = null;
        var bestScore = 0;
        foreach (var article in s_articles)
        {
            var score = 0;
            foreach (var keyword in article.Keywords)
            {
                if (Keywords.ContainsAny(query, keyword))
                {
                    score++;
                }
            }

            if (score > bestScore)
            {
                (best, bestScore) = (article, score);
            }
        }

        return best;
    }

    /// <summary>Sends <paramref name="reply"/> to the customer of the ticket <paramref name="ticketId"/>.</summary>
    [ApieTool(ReplyTool, RiskLevel = RiskLevel.Medium, ActionType = "communicate", ResourceType = "work_item",
        ExternalId = "{ticketId}", PayloadSummary = "Reply to the customer of {ticketId}")]
    public async Task<SentReply> SendReplyAsync(string ticketId, string email, string reply, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reply);

        // Stands in for the call to the mail service.
        await Task.Delay(1, cancellationToken);
        var number = Interlocked.Increment(ref _sentReplies);
        return new SentReply(string.Create(CultureInfo.InvariantCulture, $"MSG-{number:0000}"), ticketId, email);
    }

    /// <summary>Refunds <paramref name="amount"/> US dollars of the order <paramref name="orderId"/> to its original payment method.</summary>
    /// <exception cref="RefundDeclinedException">The amount is not positive, so the payment provider declines it.</exception>
    [ApieTool(RefundTool, RiskLevel = RiskLevel.High, ActionType = "update", ResourceType = "payment",
        ExternalId = "{orderId}", PayloadSummary = "Refund {amount} USD on order {orderId}")]
    public async Task<RefundReceipt> RefundAsync(string orderId, decimal amount, CancellationToken cancellationToken)
    {
        // Stands in for the call to the payment provider.
        await Task.Delay(2, cancellationToken);
        if (amount <= 0)
        {
            throw new RefundDeclinedException(orderId, amount);
        }

        return new RefundReceipt($"RF-{orderId}", orderId, amount);
    }
}
