using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace SupportPipeline;

/// <summary>
/// The support tools as one run calls them: each call goes through the Apie-wrapped tool method and is recorded
/// as a tool call of the run's <see cref="TimelineStep"/>, for the console output.
/// </summary>
internal sealed class RunTools
{
    private readonly SupportTools _tools;
    private readonly TimelineStep _run;
    private readonly CancellationToken _cancellationToken;

    public RunTools(SupportTools tools, TimelineStep run, CancellationToken cancellationToken)
    {
        _tools = tools;
        _run = run;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Searches the knowledge base and returns the best article, or null when none matches.</summary>
    public Task<KnowledgeArticle?> SearchKnowledgeBaseAsync(string query)
        => _run.RecordToolAsync(
            SupportTools.KnowledgeBaseSearchTool,
            () => _tools.SearchKnowledgeBaseAsync(query, _cancellationToken),
            article => article is null ? "no matching article" : $"found {article.Id} {article.Title}");

    /// <summary>Sends <paramref name="reply"/> to the ticket's customer.</summary>
    public Task<SentReply> SendReplyAsync(Ticket ticket, string reply)
        => _run.RecordToolAsync(
            SupportTools.ReplyTool,
            () => _tools.SendReplyAsync(ticket.Id, ticket.Email, reply, _cancellationToken),
            sent => $"sent {sent.MessageId} to {sent.Email}");

    /// <summary>Refunds <paramref name="amount"/> US dollars of the order <paramref name="orderId"/>.</summary>
    /// <exception cref="Apie.ApieGuardrailBlockedException">A guardrail blocked the refund in enforce mode, so it did not run.</exception>
    /// <exception cref="Apie.ApieApprovalException">The refund needed an approval that was not granted, so it did not run.</exception>
    /// <exception cref="RefundDeclinedException">The payment provider declined the refund.</exception>
    public Task<RefundReceipt> RefundAsync(string orderId, decimal amount)
        => _run.RecordToolAsync(
            SupportTools.RefundTool,
            () => _tools.RefundAsync(orderId, amount, _cancellationToken),
            receipt => string.Create(CultureInfo.InvariantCulture, $"refunded {receipt.Amount:N2} USD on {receipt.OrderId}"));
}
