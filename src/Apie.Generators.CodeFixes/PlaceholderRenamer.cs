using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Apie.Generators.CodeFixes;

/// <summary>Renames the root names of placeholders in the summary templates of an Apie attribute.</summary>
internal static class PlaceholderRenamer
{
    /// <summary>
    /// Returns the attribute with each placeholder root found in <paramref name="renames"/> replaced. Only the
    /// templates the analyzers read are changed: the first positional argument, <c>InputSummary</c> and
    /// <c>OutputSummary</c>. NOTE: a literal with escape sequences, a verbatim or raw literal, or a constant is
    /// left as it is, so its placeholders keep the old names.
    /// </summary>
    public static AttributeSyntax Rename(AttributeSyntax attribute, IReadOnlyDictionary<string, string> renames)
    {
        if (renames.Count == 0 || attribute.ArgumentList is null)
        {
            return attribute;
        }

        var literals = attribute.ArgumentList.Arguments
            .Where(IsTemplateArgument)
            .Select(argument => argument.Expression)
            .OfType<LiteralExpressionSyntax>()
            .Where(literal => literal.Token.IsKind(SyntaxKind.StringLiteralToken) && literal.Token.Text == "\"" + literal.Token.ValueText + "\"");

        return attribute.ReplaceNodes(literals, (_, literal) =>
        {
            var value = RenameInTemplate(literal.Token.ValueText, renames);
            var token = SyntaxFactory.Literal(literal.Token.LeadingTrivia, "\"" + value + "\"", value, literal.Token.TrailingTrivia);
            return literal.WithToken(token);
        });
    }

    private static bool IsTemplateArgument(AttributeArgumentSyntax argument)
    {
        if (argument.NameEquals is { } nameEquals)
        {
            return nameEquals.Name.Identifier.ValueText is "InputSummary" or "OutputSummary";
        }

        var arguments = ((AttributeArgumentListSyntax)argument.Parent!).Arguments;
        return argument.NameColon is null && arguments.IndexOf(argument) == 0;
    }

    /// <summary>
    /// Rewrites the template with the grammar of the generator's template parser: <c>{{</c> and <c>}}</c> are
    /// literal braces, and a placeholder's root is the text up to the first dot, without surrounding spaces.
    /// </summary>
    private static string RenameInTemplate(string template, IReadOnlyDictionary<string, string> renames)
    {
        var result = new StringBuilder(template.Length);
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                result.Append(c, 2);
                i += 2;
                continue;
            }

            var close = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                result.Append(c);
                i++;
                continue;
            }

            var body = template.Substring(i + 1, close - i - 1);
            var dot = body.IndexOf('.');
            var rootText = dot < 0 ? body : body.Substring(0, dot);
            var rootName = rootText.Trim();
            if (renames.TryGetValue(rootName, out var renamed))
            {
                body = rootText.Replace(rootName, renamed) + (dot < 0 ? "" : body.Substring(dot));
            }

            result.Append('{').Append(body).Append('}');
            i = close + 1;
        }

        return result.ToString();
    }
}
