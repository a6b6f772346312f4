using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// A library declares attributed methods and an application in another assembly calls them, both compiled with
/// the generator: the application intercepts its calls of the library's methods with bodies, and leaves alone
/// the partial methods whose generated bodies already record, so every call records exactly one run.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class CrossAssemblyBehaviourTests
{
    private const string Library = """
        using System.Threading.Tasks;
        using Apie;

        namespace Library;

        public partial class Pricing
        {
            [ApieRun("Quote {sku}")]
            public async Task<decimal> QuoteAsync(string sku)
            {
                await Task.Yield();
                return sku.Length * 1.5m;
            }

            [ApieRun("Discount {percent}")]
            public partial decimal Discount(decimal price, int percent);

            private decimal DiscountCore(decimal price, int percent) => price * (100 - percent) / 100;
        }
        """;

    private const string Application = """
        using System.Threading.Tasks;
        using Library;

        namespace Application;

        public static class Scenario
        {
            public static async Task<decimal> RunAsync()
            {
                var pricing = new Pricing();
                var quote = await pricing.QuoteAsync("abcd");
                return pricing.Discount(quote, 50);
            }
        }
        """;

    [Fact]
    public async Task CallsFromAnotherAssemblyRecordOnce()
    {
        var library = Emit(GeneratorHarness.CreateCompilation((Library, "Library.cs")), out var libraryImage);
        var application = GeneratorHarness.CreateCompilation((Application, "Application.cs")).AddReferences(library);
        var (output, result) = GeneratorHarness.Run(application);

        Assert.Empty(GeneratorHarness.Problems(output));
        var generated = Assert.Single(GeneratorHarness.GeneratedSources(result));
        Assert.Contains("Library.Pricing.QuoteAsync", generated.Key, StringComparison.Ordinal);

        using var applicationImage = new MemoryStream();
        Assert.True(output.Emit(applicationImage).Success);
        var context = new AssemblyLoadContext("Apie.CrossAssembly." + Guid.NewGuid().ToString("N"), isCollectible: true);
        libraryImage.Position = 0;
        applicationImage.Position = 0;
        context.LoadFromStream(libraryImage);
        var scenario = context.LoadFromStream(applicationImage).GetType("Application.Scenario", throwOnError: true)!;

        await using var apie = await LoopbackClient.StartAsync();
        var returned = await (Task<decimal>)scenario.GetMethod("RunAsync")!.Invoke(null, null)!;

        Assert.Equal(3m, returned);
        var requests = await apie.RecordedAsync();
        var summaries = requests.Where(r => r.Path == "/v1/runs").Select(r => LoopbackClient.String(r.Json, "input_summary")).ToList();
        LoopbackClient.AssertSameItems(new[] { "Quote abcd", "Discount 50" }, summaries);
    }

    private static MetadataReference Emit(Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation, out MemoryStream image)
    {
        var (output, _) = GeneratorHarness.Run(compilation);
        Assert.Empty(GeneratorHarness.Problems(output));

        image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
