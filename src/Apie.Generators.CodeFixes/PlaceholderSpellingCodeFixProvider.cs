using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Apie.Generators.CodeFixes;

/// <summary>
/// Fixes APIE0004 by replacing a misspelled placeholder root, such as <c>qurey</c> in <c>{qurey.Length}</c>, with
/// the parameter name the analyzer suggests. Offered only when the diagnostic has the <c>Suggestion</c> and
/// <c>Placeholder</c> properties and its location is the placeholder inside a string literal.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PlaceholderSpellingCodeFixProvider))]
[Shared]
public sealed class PlaceholderSpellingCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "Apie.UseSuggestedParameterName";

    /// <summary>The diagnostic property with the parameter name to use.</summary>
    internal const string SuggestionProperty = "Suggestion";

    /// <summary>The diagnostic property with the placeholder's root name as written.</summary>
    internal const string PlaceholderProperty = "Placeholder";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnknownPlaceholder);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(SuggestionProperty, out var suggestion)
                || !diagnostic.Properties.TryGetValue(PlaceholderProperty, out var placeholder)
                || string.IsNullOrEmpty(suggestion)
                || string.IsNullOrEmpty(placeholder)
                || suggestion == placeholder)
            {
                continue;
            }

            var rootSpan = RootNameSpan(root, diagnostic.Location.SourceSpan, placeholder!);
            if (rootSpan is null)
            {
                continue;
            }

            var change = new TextChange(rootSpan.Value, suggestion!);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use parameter '{suggestion}'",
                    async cancellationToken =>
                    {
                        var text = await context.Document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                        return context.Document.WithText(text.WithChanges(change));
                    },
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>
    /// Returns the span of the placeholder's root name, or null unless the diagnostic span is a whole
    /// <c>{...}</c> placeholder inside one string literal whose first segment is the misspelled name. The
    /// analyzer reports the whole literal or attribute instead where escapes make the literal's text differ from
    /// its value, and then no fix is offered.
    /// </summary>
    private static TextSpan? RootNameSpan(SyntaxNode root, TextSpan span, string placeholder)
    {
        var token = root.FindToken(span.Start);
        if (!token.IsKind(SyntaxKind.StringLiteralToken) || !token.Span.Contains(span) || span.Length < 2)
        {
            return null;
        }

        var text = token.Text.Substring(span.Start - token.SpanStart, span.Length);
        if (text[0] != '{' || text[text.Length - 1] != '}')
        {
            return null;
        }

        // The template parser trims each segment, so the name may follow spaces.
        var start = 1;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        var end = start + placeholder.Length;
        if (end > text.Length - 1
            || string.CompareOrdinal(text, start, placeholder, 0, placeholder.Length) != 0
            || !(text[end] == '.' || text[end] == '}' || char.IsWhiteSpace(text[end])))
        {
            return null;
        }

        return new TextSpan(span.Start + start, placeholder.Length);
    }
}
