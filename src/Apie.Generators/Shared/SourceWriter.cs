using System.Text;

namespace Apie.Generators.Shared;

/// <summary>Builds generated source line by line with four-space indentation and <c>\n</c> line ends.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4);
        }

        _text.Append(line).Append('\n');
    }

    /// <summary>Writes the opening brace and indents until the matching <see cref="Close"/>.</summary>
    public void Open(string header)
    {
        Line(header);
        Line("{");
        _depth++;
    }

    public void Close(string closing = "}")
    {
        _depth--;
        Line(closing);
    }

    public override string ToString() => _text.ToString();
}
