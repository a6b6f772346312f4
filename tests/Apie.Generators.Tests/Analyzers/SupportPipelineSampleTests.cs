using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>
/// Runs the generator and both analyzers over the sources of <c>samples/SupportPipeline</c> as one compilation, as
/// the sample's own build does. The sources are read from the repository at test time.
/// </summary>
public sealed class SupportPipelineSampleTests
{
    private static readonly Lazy<(string Path, string Text)[]> s_sources = new(ReadSources);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SampleReportsNoDiagnostic(bool runGenerator)
    {
        var sources = s_sources.Value;

        var diagnostics = await ApieAnalysis.RunAsync(BuildSettings.Default with { RunGenerator = runGenerator }, sources);

        Assert.Contains(sources, source => source.Path.EndsWith("TriageWorker.cs", StringComparison.Ordinal));
        Assert.True(diagnostics.IsEmpty, ApieAnalysis.Describe(diagnostics));
    }

    [Fact]
    public async Task MisspelledInterceptedPlaceholderReports()
    {
        // TriageWorker.TriageAsync has a body, so the generator intercepts its calls.
        var sources = MisspellTemplate("TriageWorker.cs");

        var diagnostics = await ApieAnalysis.RunAsync(BuildSettings.Default, sources);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("APIE0004", diagnostic.Id);
        Assert.Equal("{tikcet.Id}", SpanText(diagnostic));
        Assert.Equal(
            "'{tikcet.Id}' in the InputSummary template of 'TriageAsync' renders as empty text: 'tikcet' is not a parameter of 'TriageAsync'",
            diagnostic.GetMessage());
    }

    [Fact]
    public async Task MisspelledPartialPlaceholderReports()
    {
        // ResolutionWorker.ResolveAsync is a partial method whose body the generator writes.
        var sources = MisspellTemplate("ResolutionWorker.cs");

        var diagnostics = await ApieAnalysis.RunAsync(BuildSettings.Default, sources);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("APIE0004", diagnostic.Id);
        Assert.Equal("{tikcet.Id}", SpanText(diagnostic));
    }

    /// <summary>
    /// Returns the sample's sources with the first <c>{ticket.</c> of one file, which is in its attribute's
    /// template, misspelled as <c>{tikcet.</c>. Later ones are in interpolated strings and stay.
    /// </summary>
    private static (string Path, string Text)[] MisspellTemplate(string fileName)
    {
        var sources = s_sources.Value;
        var index = Array.FindIndex(sources, source => Path.GetFileName(source.Path) == fileName);
        Assert.True(index >= 0, $"The sample has no {fileName}.");

        var text = sources[index].Text;
        var placeholder = text.IndexOf("{ticket.", StringComparison.Ordinal);
        Assert.True(placeholder >= 0, $"{fileName} has no {{ticket. placeholder.");

        var lineStart = text.LastIndexOf('\n', placeholder) + 1;
        Assert.StartsWith("[Apie", text.Substring(lineStart, placeholder - lineStart).TrimStart(), StringComparison.Ordinal);

        var changed = sources.ToArray();
        changed[index] = (sources[index].Path, text.Substring(0, placeholder) + "{tikcet." + text.Substring(placeholder + "{ticket.".Length));
        return changed;
    }

    private static string SpanText(Microsoft.CodeAnalysis.Diagnostic diagnostic)
        => diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);

    private static (string Path, string Text)[] ReadSources()
    {
        var folder = Path.Combine(RepositoryFiles.Root, "samples", "SupportPipeline");
        return Directory.GetFiles(folder, "*.cs", SearchOption.TopDirectoryOnly)
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (path, File.ReadAllText(path)))
            .ToArray();
    }
}
