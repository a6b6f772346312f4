using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Apie.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>
/// Runs both Apie analyzers over plain sources without the testing library, for checks that markup cannot
/// express: diagnostic properties and whole projects read from disk.
/// </summary>
public static class ApieAnalysis
{
    /// <summary>Returns the APIE diagnostics of the sources compiled as one library, sorted by position.</summary>
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(BuildSettings settings, params (string Path, string Text)[] sources)
    {
        Compilation compilation = Compile(settings, sources);
        if (settings.RunGenerator)
        {
            compilation = compilation.AddSyntaxTrees(settings.Generate(compilation));
        }

        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new MethodAnalyzer(), new CallAnalyzer());
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return diagnostics
            .Where(d => d.Id.StartsWith("APIE", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>Compiles the sources as one library with the settings' parse options and references.</summary>
    public static CSharpCompilation Compile(BuildSettings settings, params (string Path, string Text)[] sources)
    {
        var trees = sources.Select(source => CSharpSyntaxTree.ParseText(source.Text, settings.ParseOptions, source.Path));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        return CSharpCompilation.Create("Analyzed", trees, settings.References(), options);
    }

    /// <summary>Returns the diagnostics as readable lines for assertion messages.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics)
        => string.Join(Environment.NewLine, diagnostics.Select(d => $"{d.Id} at {d.Location.GetLineSpan()}: {d.GetMessage()}"));
}
