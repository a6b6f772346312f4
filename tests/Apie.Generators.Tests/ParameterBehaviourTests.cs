using System.Linq;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// Parameters and containers the README lists as supported: ref, out, in and params pass through both marking
/// ways with their writes intact; structs, records, private partial methods and the global namespace compile
/// and record their runs.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class ParameterBehaviourTests
{
    private const string Source = """
        using System.Threading.Tasks;
        using Apie;

        public static class Arithmetic
        {
            [ApieRun("Adjust {step}")]
            public static int Adjust(ref int total, out string label, in int step, params int[] extra)
            {
                total += step + extra.Length;
                label = "total " + total;
                return total;
            }
        }

        public partial struct Meter
        {
            private int _count;

            [ApieRun("Tick {amount}")]
            public partial int Tick(ref int amount, out bool wrapped, params string[] tags);

            private int TickCore(ref int amount, out bool wrapped, params string[] tags)
            {
                _count += amount + tags.Length;
                amount = -amount;
                wrapped = _count > 10;
                return _count;
            }

            [ApieRun]
            private partial Task<int> HiddenAsync(int value);

            private async Task<int> HiddenAsyncCore(int value)
            {
                await Task.Yield();
                return value + _count;
            }

            public Task<int> CallHiddenAsync(int value) => HiddenAsync(value);
        }

        public sealed record Greeter(string Name)
        {
            [ApieRun("Greet {punctuation}")]
            public string Greet(string punctuation) => "hello " + Name + punctuation;
        }

        public static class Scenario
        {
            public static async Task<string> RunAsync()
            {
                var total = 1;
                var adjusted = Arithmetic.Adjust(ref total, out var label, 2, 7, 8);

                var meter = new Meter();
                var amount = 4;
                var ticked = meter.Tick(ref amount, out var wrapped, "a", "b");
                var hidden = await meter.CallHiddenAsync(10);

                var greeting = new Greeter("Ada").Greet("!");
                return $"{adjusted},{total},{label}|{ticked},{amount},{wrapped}|{hidden}|{greeting}";
            }
        }
        """;

    [Fact]
    public async Task ModifiersAndContainersKeepBehaviour()
    {
        var assembly = CompiledAssembly.Build(Source);
        await using var apie = await LoopbackClient.StartAsync();

        var returned = await assembly.CallAsync("Scenario", "RunAsync");

        // The same values the methods return without Apie: ref writes, out values and the struct's own state.
        Assert.Equal("5,5,total 5|6,-4,False|16|hello Ada!", returned);

        var requests = await apie.RecordedAsync();
        var summaries = requests
            .Where(r => r.Path == "/v1/runs")
            .Select(r => LoopbackClient.String(r.Json, "input_summary"))
            .ToList();
        LoopbackClient.AssertSameItems(new[] { "Adjust 2", "Tick 4", "Meter.HiddenAsync", "Greet !" }, summaries);
        Assert.Equal(4, requests.Count(r => r.Path.EndsWith("/complete", System.StringComparison.Ordinal)));
    }
}
