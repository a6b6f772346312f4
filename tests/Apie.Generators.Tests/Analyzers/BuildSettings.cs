using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>The reference assembly set a test compiles against.</summary>
public enum TargetRuntime
{
    Net80,
    Net100,
}

/// <summary>How the test project is built.</summary>
/// <param name="Runtime">The reference assembly set.</param>
/// <param name="RunGenerator">
/// Whether the Apie generator's output is part of the analyzed compilation, as it is in a real build and in the IDE.
/// </param>
/// <remarks>
/// NOTE: a net8.0 build runs without the generator, because the generated code calls Apie.Runtime. A net8.0
/// project would use the netstandard2.0 build of Apie.Runtime, which this test project does not copy. The net10.0
/// build that it copies fails to bind against net8.0 references with CS1705.
/// </remarks>
public sealed record BuildSettings(TargetRuntime Runtime = TargetRuntime.Net100, bool RunGenerator = true)
{
    /// <summary>The feature that MSBuild passes for <c>&lt;InterceptorsNamespaces&gt;Apie.Generated&lt;/InterceptorsNamespaces&gt;</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> InterceptorsEnabled = new Dictionary<string, string>
    {
        ["InterceptorsNamespaces"] = "Apie.Generated",
    };

    public static readonly BuildSettings Default = new();

    /// <summary>The parse options' features, as MSBuild passes them to the compiler.</summary>
    public IReadOnlyDictionary<string, string> Features { get; init; } = InterceptorsEnabled;

    /// <summary>Returns the default build for <paramref name="runtime"/>, with the generator where the runtime allows it.</summary>
    public static BuildSettings For(TargetRuntime runtime) => new(runtime, RunGenerator: runtime == TargetRuntime.Net100);

    public CSharpParseOptions ParseOptions => new CSharpParseOptions(LanguageVersion.Latest).WithFeatures(Features);

    /// <summary>
    /// Returns the framework references of <see cref="Runtime"/>, Apie.Attributes, and for .NET 10 Apie.Runtime,
    /// which the generated code calls.
    /// </summary>
    public ImmutableArray<MetadataReference> References()
    {
        var attributes = MetadataReference.CreateFromFile(typeof(ApieRunAttribute).Assembly.Location);
        return Runtime switch
        {
            TargetRuntime.Net80 => Net80.References.All.Cast<MetadataReference>().Append(attributes).ToImmutableArray(),
            TargetRuntime.Net100 => Net100.References.All.Cast<MetadataReference>()
                .Append(attributes)
                .Append(MetadataReference.CreateFromFile(typeof(ApieClient).Assembly.Location))
                .ToImmutableArray(),
            _ => throw new InvalidOperationException($"Unknown reference assembly set {Runtime}."),
        };
    }

    /// <summary>Returns the generator's output for <paramref name="compilation"/>, failing if the generator throws.</summary>
    public ImmutableArray<SyntaxTree> Generate(Compilation compilation)
    {
        if (Runtime != TargetRuntime.Net100)
        {
            throw new InvalidOperationException($"The generator runs only with .NET 10 references, not {Runtime}; use BuildSettings.For.");
        }

        var driver = CSharpGeneratorDriver.Create(new[] { new ApieGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        var result = driver.RunGenerators(compilation).GetRunResult();
        var exception = result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
        if (exception is not null)
        {
            throw new InvalidOperationException("The Apie generator threw.", exception);
        }

        return result.GeneratedTrees;
    }
}
