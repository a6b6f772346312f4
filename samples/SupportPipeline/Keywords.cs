using System;

namespace SupportPipeline;

/// <summary>Keyword matching for the rule-based workers.</summary>
internal static class Keywords
{
    /// <summary>
    /// Returns the first keyword that occurs in <paramref name="text"/> where a word starts, ignoring case, or
    /// null. A keyword may span several words, and it matches longer words too: <c>crash</c> matches
    /// <c>crashes</c>, but <c>api</c> does not match <c>rapid</c>.
    /// </summary>
    public static string? FindFirst(string text, params ReadOnlySpan<string> keywords)
    {
        foreach (var keyword in keywords)
        {
            if (OccursAtWordStart(text, keyword))
            {
                return keyword;
            }
        }

        return null;
    }

    /// <summary>Whether any of <paramref name="keywords"/> occurs in <paramref name="text"/>; see <see cref="FindFirst"/>.</summary>
    public static bool ContainsAny(string text, params ReadOnlySpan<string> keywords) => FindFirst(text, keywords) is not null;

    private static bool OccursAtWordStart(string text, string keyword)
    {
        for (var start = text.IndexOf(keyword, StringComparison.OrdinalIgnoreCase);
             start >= 0;
             start = text.IndexOf(keyword, start + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (start == 0 || !char.IsLetterOrDigit(text[start - 1]))
            {
                return true;
            }
        }

        return false;
    }
}
