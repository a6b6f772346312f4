using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace HostedAgent;

/// <summary>A small in-memory knowledge base in place of a search service.</summary>
public sealed class KnowledgeBase
{
    private static readonly string[] s_articles =
    [
        "How to reset your password",
        "Refund policy for annual plans",
        "Exporting invoices as PDF",
    ];

    /// <summary>Returns the articles that share a word of four or more letters with <paramref name="query"/>.</summary>
    public async Task<IReadOnlyList<string>> SearchAsync(string query, CancellationToken cancellationToken)
    {
        // Takes the place of a network call.
        await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken).ConfigureAwait(false);
        var words = query.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(word => word.Length >= 4).ToArray();
        return s_articles
            .Where(article => words.Any(word => article.Contains(word, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }
}
