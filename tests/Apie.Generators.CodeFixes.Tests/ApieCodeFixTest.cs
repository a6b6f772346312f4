using System;
using System.Collections.Generic;
using System.Linq;
using Apie.Generators.Analyzers;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Apie.Generators.CodeFixes.Tests;

/// <summary>The framework whose reference assemblies a test compiles against.</summary>
public enum TargetFramework
{
    Net100,
    Net80,
}

/// <summary>
/// A code fix test that compiles like a consumer project of Apie. It uses the latest C#, enables nullable, lists
/// the generated interceptors namespace, and runs both Apie analyzers. The references are those of .NET 10 or
/// .NET 8 plus the Apie attributes and runtime. Nothing is downloaded, because the reference assemblies come from
/// the Basic.Reference.Assemblies packages that the build restored.
/// </summary>
/// <typeparam name="TCodeFix">The code fix provider under test.</typeparam>
public sealed class ApieCodeFixTest<TCodeFix> : CSharpCodeFixTest<MethodAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    private readonly TargetFramework _framework;
    private bool _runGenerator;

    public ApieCodeFixTest(TargetFramework framework = TargetFramework.Net100)
    {
        _framework = framework;

        // A target framework without a reference assembly package makes the testing library resolve nothing
        // from NuGet, so the only references are the ones added below.
        ReferenceAssemblies = new ReferenceAssemblies(framework == TargetFramework.Net100 ? "net10.0" : "net8.0");

        var frameworkReferences = framework == TargetFramework.Net100
            ? Net100.References.All.Cast<MetadataReference>()
            : Net80.References.All.Cast<MetadataReference>();
        TestState.AdditionalReferences.AddRange(frameworkReferences);
        TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(ApieRunAttribute).Assembly.Location));
        TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(ApieClient).Assembly.Location));

        SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            var parseOptions = ((CSharpParseOptions)project.ParseOptions!)
                .WithLanguageVersion(LanguageVersion.Latest)
                .WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "Apie.Generated") });
            var compilationOptions = ((CSharpCompilationOptions)project.CompilationOptions!)
                .WithNullableContextOptions(NullableContextOptions.Enable);
            return solution.WithProjectParseOptions(projectId, parseOptions).WithProjectCompilationOptions(projectId, compilationOptions);
        });
    }

    /// <summary>
    /// Whether the Apie generator runs on the code before and after the fix, so that the expected compiler errors
    /// show what the generator completes. Its output is compiled but not compared with expected text.
    /// </summary>
    /// <remarks>
    /// Only with <see cref="TargetFramework.Net100"/>: the generated code uses the Apie runtime, which this test
    /// project references as its .NET 10 build, and the .NET 8 reference assemblies cannot compile against it.
    /// </remarks>
    public bool RunGenerator
    {
        get => _runGenerator;
        set
        {
            if (value && _framework != TargetFramework.Net100)
            {
                throw new InvalidOperationException("RunGenerator requires TargetFramework.Net100, because the Apie runtime reference is its .NET 10 build.");
            }

            _runGenerator = value;
            TestBehaviors = value ? TestBehaviors | TestBehaviors.SkipGeneratedSourcesCheck : TestBehaviors & ~TestBehaviors.SkipGeneratedSourcesCheck;
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<Type> GetSourceGenerators()
        => RunGenerator ? new[] { typeof(ApieGenerator) } : Array.Empty<Type>();

    /// <inheritdoc />
    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers()
        => new DiagnosticAnalyzer[] { new MethodAnalyzer(), new CallAnalyzer() };
}
