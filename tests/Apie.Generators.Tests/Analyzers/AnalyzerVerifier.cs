using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>
/// An analyzer test whose references come from Basic.Reference.Assemblies and the Apie build output. Its
/// <see cref="ReferenceAssemblies"/> names no package, so the testing library reads the NuGet settings but
/// never resolves or downloads a package.
/// </summary>
public sealed class ApieAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>The path the testing library gives the first source, which interceptor locations name.</summary>
    public const string SourcePath = "/0/Test0.cs";

    private static readonly ReferenceAssemblies s_noPackages = new("net10.0");

    public ApieAnalyzerTest(BuildSettings settings)
    {
        ReferenceAssemblies = s_noPackages;
        TestState.AdditionalReferences.AddRange(settings.References());
        SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            var compilationOptions = ((CSharpCompilationOptions)project.CompilationOptions!)
                .WithNullableContextOptions(NullableContextOptions.Enable);
            return solution
                .WithProjectParseOptions(projectId, settings.ParseOptions)
                .WithProjectCompilationOptions(projectId, compilationOptions);
        });
    }
}

/// <summary>
/// Runs an analyzer over markup source and compares its diagnostics with the expected ones. Markup
/// <c>{|#0:text|}</c> marks location 0, which an expected result takes with <see cref="DiagnosticResult.WithLocation(int)"/>.
/// </summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Returns an expected diagnostic whose message is formatted from <paramref name="descriptor"/>.</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    /// <summary>Verifies that <paramref name="source"/> reports exactly <paramref name="expected"/> in the default build.</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        => VerifyAsync(source, BuildSettings.Default, expected);

    /// <summary>Verifies that <paramref name="source"/> reports exactly <paramref name="expected"/> with <paramref name="runtime"/>.</summary>
    public static Task VerifyAsync(string source, TargetRuntime runtime, params DiagnosticResult[] expected)
        => VerifyAsync(source, BuildSettings.For(runtime), expected);

    /// <summary>Verifies that <paramref name="source"/> reports exactly <paramref name="expected"/>.</summary>
    public static Task VerifyAsync(string source, BuildSettings settings, params DiagnosticResult[] expected)
    {
        var test = new ApieAnalyzerTest<TAnalyzer>(settings) { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);

        // The testing library accepts no documents added by a solution transform, so the generator runs here on
        // the source without its markup, and its output joins the test as more sources.
        if (settings.RunGenerator)
        {
            // The suppression check inserts a #pragma line into the source, which moves every call away from the
            // location that the generated interceptors name, so it runs only without the generator.
            test.TestBehaviors |= TestBehaviors.SkipSuppressionCheck;

            var compilation = ApieAnalysis.Compile(settings, (ApieAnalyzerTest<TAnalyzer>.SourcePath, TestFileMarkup.Strip(source)));
            foreach (var tree in settings.Generate(compilation))
            {
                test.TestState.Sources.Add(("/0/Generated/" + System.IO.Path.GetFileName(tree.FilePath), tree.GetText()));
            }
        }

        return test.RunAsync(CancellationToken.None);
    }
}

/// <summary>Markup helpers shared by the verifier and the tests that read diagnostics directly.</summary>
public static class TestFileMarkup
{
    /// <summary>Returns the source with its span and position markup removed.</summary>
    public static string Strip(string markup)
    {
        TestFileMarkupParser.GetSpans(markup, out string source, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
        return source;
    }
}
