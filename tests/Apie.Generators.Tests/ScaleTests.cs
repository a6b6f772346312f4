using System.IO;
using System.Linq;
using Apie.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// A project of 2,000 attributed methods drawn from the supported shapes, with 10,000 call sites, compiled with
/// the generator under Nullable and warnings as errors: it must build with no warning and every method must
/// get its wrapper.
/// </summary>
public sealed class ScaleTests
{
    private const int Methods = 2000;
    private const int CallsPerMethod = 5;

    [Fact]
    public void LargeProjectBuildsWithoutWarnings()
    {
        var sources = LargeProject.Create(Methods, CallsPerMethod);
        var compilation = GeneratorHarness.CreateCompilation(sources.ToArray());

        var (output, result) = GeneratorHarness.Run(compilation);
        var generated = GeneratorHarness.GeneratedSources(result);

        Assert.Equal(Methods, generated.Count);
        var interceptions = generated.Values.Sum(text => text.Split("InterceptsLocation(1, ").Length - 1);
        var partialCalls = Methods / 8 * CallsPerMethod;
        Assert.Equal((Methods * CallsPerMethod) - partialCalls, interceptions);

        // Emitting reports every diagnostic of the compilation, interceptor checks included, in one pass.
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        var problems = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Take(20).Select(d => d.ToString());
        Assert.Empty(problems);
        Assert.True(emitted.Success);
    }
}
