using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Apie;
using Microsoft.Extensions.Logging;

namespace HostedAgent;

/// <summary>
/// Replies to one ticket in a session with two runs: research, which calls the knowledge-base tool, and the reply.
/// The attributes make the generated code record each call through <see cref="ApieClient.Current"/>, which
/// <c>AddApie</c> sets when the host starts.
/// </summary>
public sealed class SupportAgent
{
    private readonly KnowledgeBase _knowledgeBase;
    private readonly ILogger<SupportAgent> _logger;

    public SupportAgent(KnowledgeBase knowledgeBase, ILogger<SupportAgent> logger)
    {
        _knowledgeBase = knowledgeBase;
        _logger = logger;
    }

    /// <summary>Returns the reply to <paramref name="ticket"/>.</summary>
    [ApieSession(Kind = SessionKind.Pipeline, InputSummary = "Answer ticket {ticket.Id}", OutputSummary = "{result}")]
    public async Task<string> AnswerAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var article = await ResearchAsync(ticket, cancellationToken).ConfigureAwait(false);
        return DraftReply(ticket, article);
    }

    /// <summary>Returns the best article for the ticket, or a note that none matched.</summary>
    [ApieRun("Research ticket {ticket.Id}", Role = "worker", StepKey = "research", StepIndex = 0, OutputSummary = "{result}")]
    public async Task<string> ResearchAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var articles = await SearchAsync(ticket.Subject, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Found {Count} articles for ticket {TicketId}.", articles.Count, ticket.Id);
        return articles.Count == 0 ? "no matching article" : articles[0];
    }

    /// <summary>Searches the knowledge base. The guardrails are asked before the search runs.</summary>
    [ApieTool("kb.search", RiskLevel = RiskLevel.Low, ActionType = "read", ResourceType = "knowledge_base", PayloadSummary = "Search for {query}")]
    public Task<IReadOnlyList<string>> SearchAsync(string query, CancellationToken cancellationToken)
        => _knowledgeBase.SearchAsync(query, cancellationToken);

    /// <summary>Returns the reply text.</summary>
    [ApieRun("Reply to ticket {ticket.Id}", Role = "worker", StepKey = "reply", StepIndex = 1, OutputSummary = "{result}")]
    public string DraftReply(Ticket ticket, string article)
        => $"Ticket {ticket.Id}: please see '{article}'.";
}
