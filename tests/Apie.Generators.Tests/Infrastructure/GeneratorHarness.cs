using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Apie.Generators;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Apie.Generators.Tests.Infrastructure;

/// <summary>
/// Compiles user code with the real C# compiler and the Apie generator, the way a consumer project with
/// <c>Nullable</c>, <c>TreatWarningsAsErrors</c> and the latest warning level would.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest)
        .WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "Apie.Generated") });

    private static readonly ImmutableArray<MetadataReference> s_references = Net100.References.All.Cast<MetadataReference>()
        .Concat(new[]
        {
            MetadataReference.CreateFromFile(typeof(ApieRunAttribute).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(ApieClient).Assembly.Location),
        })
        .ToImmutableArray();

    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CreateCompilation(sources.Select((text, i) => (text, $"Source{i}.cs")).ToArray());

    public static CSharpCompilation CreateCompilation(params (string Text, string Path)[] sources)
    {
        var trees = sources.Select(source => CSharpSyntaxTree.ParseText(source.Text, ParseOptions, source.Path));
        var options = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                generalDiagnosticOption: ReportDiagnostic.Error)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                // Assembly version mismatches between the reference set and the runtime build are not our code's.
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });

        return CSharpCompilation.Create("Consumer" + Guid.NewGuid().ToString("N"), trees, s_references, options);
    }

    /// <summary>Compiles one source as a library at C# 7.3 without nullable, as many .NET Standard libraries build.</summary>
    public static CSharpCompilation CreateLegacyCompilation(string source)
    {
        var options = ParseOptions.WithLanguageVersion(LanguageVersion.CSharp7_3);
        var compilation = CreateCompilation(source);
        var tree = compilation.SyntaxTrees.Single();
        return compilation
            .ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(source, options, tree.FilePath))
            .WithOptions(compilation.Options.WithNullableContextOptions(NullableContextOptions.Disable));
    }

    /// <summary>Creates a driver for the Apie generator; the step tracking that the caching tests read is on unless turned off.</summary>
    public static GeneratorDriver CreateDriver(CSharpParseOptions? parseOptions = null, bool trackSteps = true)
        => CSharpGeneratorDriver.Create(
            new[] { new ApieGenerator().AsSourceGenerator() },
            parseOptions: parseOptions ?? ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator and returns the compilation with its output, failing on any generator exception.</summary>
    public static (Compilation Output, GeneratorDriverRunResult Result) Run(CSharpCompilation compilation)
    {
        var parseOptions = (CSharpParseOptions)compilation.SyntaxTrees.First().Options;
        var driver = CreateDriver(parseOptions).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult();
        var exception = result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
        if (exception is not null)
        {
            throw new InvalidOperationException("The generator threw.", exception);
        }

        return (output, result);
    }

    /// <summary>Returns every warning and error of the compilation, generated files included, as readable lines.</summary>
    public static IReadOnlyList<string> Problems(Compilation compilation)
        => compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => $"{d.Id} at {d.Location.GetLineSpan()}: {d.GetMessage()}")
            .ToList();

    /// <summary>The hint name of the attribute declaration that all interceptor files share.</summary>
    public const string SharedAttributeFile = "Apie.InterceptsLocationAttribute.g.cs";

    /// <summary>Returns the text of every generated file, keyed by hint name; the shared attribute file only on request.</summary>
    public static IReadOnlyDictionary<string, string> GeneratedSources(GeneratorDriverRunResult result, bool includeShared = false)
        => result.Results
            .SelectMany(r => r.GeneratedSources)
            .Where(s => includeShared || s.HintName != SharedAttributeFile)
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString());
}
