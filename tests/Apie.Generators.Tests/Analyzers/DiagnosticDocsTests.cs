using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Apie.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>
/// Checks <c>docs/diagnostics/</c> against the descriptors the analyzers declare: one page per id with its title,
/// message and example output, and a README row per id.
/// </summary>
public sealed class DiagnosticDocsTests
{
    private static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> s_descriptors = new MethodAnalyzer().SupportedDiagnostics
        .Concat(new CallAnalyzer().SupportedDiagnostics)
        .ToDictionary(descriptor => descriptor.Id);

    public static TheoryData<string> Ids => new(s_descriptors.Keys.OrderBy(id => id, StringComparer.Ordinal));

    private static string Folder => Path.Combine(RepositoryFiles.Root, "docs", "diagnostics");

    [Fact]
    public void AnalyzersDeclareDistinctIds()
    {
        var ids = new MethodAnalyzer().SupportedDiagnostics.Concat(new CallAnalyzer().SupportedDiagnostics).Select(d => d.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void PagesMatchDeclaredIds()
    {
        var pages = Directory.GetFiles(Folder, "APIE*.md").Select(Path.GetFileNameWithoutExtension).OrderBy(id => id, StringComparer.Ordinal);

        Assert.Equal(s_descriptors.Keys.OrderBy(id => id, StringComparer.Ordinal), pages);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void PageTitleMatchesDescriptor(string id)
    {
        var descriptor = s_descriptors[id];
        var lines = ReadPage(id);

        Assert.Equal($"# {id}: {descriptor.Title}", lines[0]);
        Assert.Contains($"Default severity: {descriptor.DefaultSeverity}.", lines[2], StringComparison.Ordinal);
        Assert.Equal(DiagnosticSeverity.Warning, descriptor.DefaultSeverity);
        Assert.EndsWith($"/docs/diagnostics/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void PageMessageMatchesDescriptor(string id)
    {
        // The page writes each argument as <name>, such as '<method>'.
        var pattern = MessagePattern(s_descriptors[id], "<[a-z ]+>");
        var message = ReadPage(id).Single(line => line.StartsWith("Message: `", StringComparison.Ordinal));

        Assert.Matches(pattern, message.Substring("Message: `".Length).TrimEnd('`'));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void PageExampleOutputMatchesDescriptor(string id)
    {
        var prefix = $"warning {id}: ";
        var pattern = MessagePattern(s_descriptors[id], ".*");
        var warnings = ReadPage(id).Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(warnings);
        Assert.All(warnings, warning => Assert.Matches(pattern, warning.Substring(prefix.Length)));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void ReadmeRowMatchesDescriptor(string id)
    {
        var descriptor = s_descriptors[id];
        var readme = File.ReadAllLines(Path.Combine(Folder, "README.md"));

        Assert.Contains($"| [{id}]({id}.md) | {descriptor.Title} | {descriptor.DefaultSeverity} |", readme);
    }

    private static string[] ReadPage(string id) => File.ReadAllLines(Path.Combine(Folder, id + ".md"));

    /// <summary>
    /// Returns a pattern for the whole message that the descriptor formats, with each argument replaced by
    /// <paramref name="argumentPattern"/> and doubled braces read as single ones.
    /// </summary>
    private static Regex MessagePattern(DiagnosticDescriptor descriptor, string argumentPattern)
    {
        var format = descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pattern = new StringBuilder("^");
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            var doubled = i + 1 < format.Length && format[i + 1] == c;
            if ((c == '{' || c == '}') && doubled)
            {
                pattern.Append(Regex.Escape(c.ToString()));
                i++;
            }
            else if (c == '{')
            {
                pattern.Append(argumentPattern);
                i = format.IndexOf('}', i);
            }
            else
            {
                pattern.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
