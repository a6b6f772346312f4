using System.Collections.Generic;
using System.Text;

namespace Apie.Generators.Parsing;

/// <summary>One piece of a summary template: literal text, or a placeholder naming a value path.</summary>
/// <param name="Text">The literal text, with doubled braces already reduced to single ones; empty for a placeholder.</param>
/// <param name="Path">The dot-separated segments of a placeholder, such as <c>ticket</c>, <c>Id</c>; null for literal text.</param>
/// <param name="Start">The offset of the piece in the template string.</param>
/// <param name="Length">The length of the piece in the template string, braces included.</param>
internal sealed record TemplatePart(string Text, IReadOnlyList<string>? Path, int Start, int Length);

/// <summary>A problem found in a template, located by its offset in the template string.</summary>
internal sealed record TemplateError(string Message, int Start, int Length);

/// <summary>
/// Splits summary templates such as <c>"Resolve ticket {ticket.Id}"</c> into literal text and placeholders.
/// Pure string work, shared by the generator and the analyzers.
/// </summary>
internal static class Template
{
    public static (List<TemplatePart> Parts, List<TemplateError> Errors) Parse(string template)
    {
        var parts = new List<TemplatePart>();
        var errors = new List<TemplateError>();
        var literal = new StringBuilder();
        var literalStart = 0;
        var i = 0;

        while (i < template.Length)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                literal.Append('{');
                i += 2;
                continue;
            }

            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                literal.Append('}');
                i += 2;
                continue;
            }

            if (c == '}')
            {
                errors.Add(new TemplateError("a '}' has no matching '{'; write '}}' for a literal brace", i, 1));
                literal.Append(c);
                i++;
                continue;
            }

            if (c != '{')
            {
                literal.Append(c);
                i++;
                continue;
            }

            var close = template.IndexOf('}', i + 1);
            if (close < 0)
            {
                errors.Add(new TemplateError("a '{' is never closed; write '{{' for a literal brace", i, template.Length - i));
                literal.Append(template, i, template.Length - i);
                break;
            }

            FlushLiteral(parts, literal, literalStart, i);

            var body = template.Substring(i + 1, close - i - 1);
            var path = body.Split('.');
            for (var s = 0; s < path.Length; s++)
            {
                path[s] = path[s].Trim();
            }

            if (IsValidPath(path))
            {
                parts.Add(new TemplatePart(string.Empty, path, i, close - i + 1));
            }
            else
            {
                errors.Add(new TemplateError($"'{{{body}}}' is not a parameter name or a dotted member path", i, close - i + 1));
            }

            i = close + 1;
            literalStart = i;
        }

        FlushLiteral(parts, literal, literalStart, template.Length);
        return (parts, errors);
    }

    private static void FlushLiteral(List<TemplatePart> parts, StringBuilder literal, int start, int end)
    {
        if (literal.Length == 0)
        {
            return;
        }

        parts.Add(new TemplatePart(literal.ToString(), null, start, end - start));
        literal.Clear();
    }

    private static bool IsValidPath(string[] segments)
    {
        foreach (var segment in segments)
        {
            var name = segment;
            if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_' || name[0] == '@'))
            {
                return false;
            }

            for (var i = 1; i < name.Length; i++)
            {
                if (!char.IsLetterOrDigit(name[i]) && name[i] != '_')
                {
                    return false;
                }
            }
        }

        return true;
    }
}
