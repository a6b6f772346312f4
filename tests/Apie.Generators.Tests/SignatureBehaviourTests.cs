using System.Linq;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// Signatures beyond the plain ones, in both marking ways where C# allows a partial declaration: ref returns,
/// scoped and ref struct parameters, params collections, every kind of default value, keyword names,
/// caller information, named tuples, extension methods in both call forms, obsolete members and
/// members in a nullable-oblivious context. Each call returns what it would without Apie and records a run.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class SignatureBehaviourTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading.Tasks;
        using Apie;

        namespace Signatures;

        public enum Tone { Calm, Loud }

        public partial class Store
        {
            private readonly int[] _slots = { 1, 2, 3 };

            [ApieRun("Slot {index}")]
            public ref int Slot(int index) => ref _slots[index];

            [ApieRun("Peek {index}")]
            public partial ref readonly int Peek(int index);

            private ref readonly int PeekCore(int index) => ref _slots[index];

            public int Sum() => _slots[0] + _slots[1] + _slots[2];

            [ApieRun("Measure {data.Length}")]
            public Task<int> MeasureAsync(ReadOnlySpan<byte> data, scoped Span<int> counts)
            {
                counts[0] = data.Length;
                return Task.FromResult(data[0] + counts[0]);
            }

            [ApieRun]
            public partial int Total(params ReadOnlySpan<int> values);

            private int TotalCore(params ReadOnlySpan<int> values)
            {
                var total = 0;
                foreach (var value in values)
                {
                    total += value;
                }

                return total;
            }

            [ApieRun("Defaults {@class}")]
            public string Defaults(
                string @class,
                Tone tone = Tone.Loud,
                decimal price = 1.5m,
                int? missing = null,
                string quoted = "say \"hi\"\\path\nnext",
                DateTime when = default,
                [CallerMemberName] string caller = "")
                => $"{@class}:{tone}:{price}:{missing is null}:{quoted.Length}:{when.Year}:{caller}";

            [ApieRun]
            public partial (int Count, string Name) Pair(int count, [CallerLineNumber] int line = 0);

            private (int Count, string Name) PairCore(int count, int line) => (count + 1, "line " + (line > 0));

            [Obsolete("Use Total.")]
            [ApieRun]
            public int Legacy(int value) => value * 10;
        }

        public static class TextExtensions
        {
            [ApieRun("Shout {text}")]
            public static string Shout(this string text, int times = 1) => text.ToUpperInvariant() + new string('!', times);
        }

        #nullable disable
        public class Oblivious
        {
            [ApieRun("Echo {text.Length}")]
            public string Echo(string text) => text + text;
        }
        #nullable restore

        public static class Scenario
        {
            // The span lives only in this synchronous method; the task is awaited by the caller.
            private static (Task<int> Measuring, int Counted) StartMeasure(Store store)
            {
                Span<int> counts = stackalloc int[1];
                var measuring = store.MeasureAsync(new byte[] { 7, 8 }, counts);
                return (measuring, counts[0]);
            }

            [Obsolete("Calls an obsolete member on purpose.")]
            public static async Task<string> RunAsync()
            {
                var store = new Store();
                store.Slot(1) = 20;
                var peeked = store.Peek(1);

                var (measuring, counted) = StartMeasure(store);
                var measured = await measuring;

                var total = store.Total(1, 2, 3, 4);
                var defaults = store.Defaults("vip");
                var pair = store.Pair(4);
                var legacy = store.Legacy(3);
                var shouted = "hey".Shout(2) + "/" + TextExtensions.Shout("ho");
                var echoed = new Oblivious().Echo("ab");

                return string.Join("|", store.Sum(), peeked, measured, counted, total, defaults, pair.Count + pair.Name, legacy, shouted, echoed);
            }
        }
        """;

    [Fact]
    public async Task SignaturesKeepValuesAndRecordRuns()
    {
        var assembly = CompiledAssembly.Build(Source);
        await using var apie = await LoopbackClient.StartAsync();

        var returned = await assembly.CallAsync("Signatures.Scenario", "RunAsync");

        Assert.Equal("24|20|9|2|10|vip:Loud:1.5:True:18:1:RunAsync|5line True|30|HEY!!/HO!|abab", returned);

        var requests = await apie.RecordedAsync();
        var summaries = requests
            .Where(r => r.Path == "/v1/runs")
            .Select(r => LoopbackClient.String(r.Json, "input_summary"))
            .ToList();
        LoopbackClient.AssertSameItems(new[]
            {
                "Slot 1", "Peek 1", "Measure 2", "Store.Total", "Defaults vip", "Store.Pair", "Store.Legacy",
                "Shout hey", "Shout ho", "Echo 2",
            }, summaries);
        Assert.Equal(summaries.Count, requests.Count(r => r.Path.EndsWith("/complete", System.StringComparison.Ordinal)));
    }
}
