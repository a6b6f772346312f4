using System.Linq;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// Type parameters that allow ref structs, and ref struct parameters of asynchronous partial methods: the
/// wrapper passes them on synchronously, so no ref struct crosses an await.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class RefStructGenericBehaviourTests
{
    private const string Source = """
        using System;
        using System.Threading.Tasks;
        using Apie;

        namespace RefStructs;

        public interface ISized
        {
            int Size { get; }
        }

        public ref struct Window : ISized
        {
            public Window(int size) => Size = size;

            public int Size { get; }
        }

        public static partial class Measure
        {
            [ApieRun("Size")]
            public static int SizeOf<T>(T value) where T : ISized, allows ref struct => value.Size;

            [ApieRun("Partial size")]
            public static partial int PartialSizeOf<T>(T value) where T : ISized, allows ref struct;

            private static int PartialSizeOfCore<T>(T value) where T : ISized, allows ref struct => value.Size * 2;

            [ApieRun("Sum {data.Length}")]
            public static partial Task<int> SumAsync(ReadOnlySpan<int> data);

            private static Task<int> SumAsyncCore(ReadOnlySpan<int> data)
            {
                var sum = 0;
                foreach (var item in data)
                {
                    sum += item;
                }

                return Task.FromResult(sum);
            }
        }

        public static class Scenario
        {
            public static async Task<string> RunAsync()
            {
                var sizes = Sizes();
                var sum = await Measure.SumAsync(new[] { 1, 2, 3 });
                return sizes + "|" + sum;
            }

            private static string Sizes()
            {
                var window = new Window(4);
                return Measure.SizeOf(window) + "," + Measure.PartialSizeOf(window);
            }
        }
        """;

    [Fact]
    public async Task RefStructArgumentsPassThrough()
    {
        var assembly = CompiledAssembly.Build(Source);
        await using var apie = await LoopbackClient.StartAsync();

        var returned = await assembly.CallAsync("RefStructs.Scenario", "RunAsync");

        Assert.Equal("4,8|6", returned);
        var requests = await apie.RecordedAsync();
        var summaries = requests.Where(r => r.Path == "/v1/runs").Select(r => LoopbackClient.String(r.Json, "input_summary")).ToList();
        LoopbackClient.AssertSameItems(new[] { "Size", "Partial size", "Sum 3" }, summaries);
    }
}
