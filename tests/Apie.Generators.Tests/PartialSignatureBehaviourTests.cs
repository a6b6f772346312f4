using System.Linq;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// The partial way for the signatures that the interceptor tests cover with methods that have bodies:
/// extension methods, obsolete members, nullable-oblivious code, keyword names, scoped and ref struct
/// parameters, defaults and named tuples. The generated body must match the declaration exactly.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class PartialSignatureBehaviourTests
{
    private const string Source = """
        using System;
        using System.Threading.Tasks;
        using Apie;

        namespace PartialSignatures;

        public static partial class TextExtensions
        {
            [ApieRun("Shout {text}")]
            public static partial string Shout(this string text, int times = 1);

            private static string ShoutCore(this string text, int times) => text.ToUpperInvariant() + new string('!', times);
        }

        public partial class Legacy
        {
            [Obsolete("Use something else.")]
            [ApieRun]
            public partial int Old(int value);

            private int OldCore(int value) => value * 10;
        }

        #nullable disable
        public partial class Oblivious
        {
            [ApieRun("Echo {text.Length}")]
            public partial string Echo(string text);

            private string EchoCore(string text) => text + text;
        }
        #nullable restore

        public partial class Keywords
        {
            [ApieRun("Class {class}")]
            public partial (int Count, string Label) Describe(string @class, int @event = 3);

            private (int Count, string Label) DescribeCore(string @class, int @event) => (@event, @class.ToUpperInvariant());
        }

        public partial struct Buffer
        {
            [ApieRun("Fill {data.Length}")]
            public partial int Fill(ReadOnlySpan<byte> data, scoped Span<int> counts);

            private int FillCore(ReadOnlySpan<byte> data, scoped Span<int> counts)
            {
                counts[0] = data.Length;
                return data[0];
            }
        }

        public static class Scenario
        {
            [Obsolete("Calls an obsolete member on purpose.")]
            public static Task<string> RunAsync()
            {
                var shouted = "hey".Shout(2) + "/" + TextExtensions.Shout("ho");
                var old = new Legacy().Old(4);
                var echoed = new Oblivious().Echo("ab");
                var described = new Keywords().Describe("vip");
                Span<int> counts = stackalloc int[1];
                var filled = new Buffer().Fill(new byte[] { 9, 8 }, counts);
                return Task.FromResult(string.Join("|", shouted, old, echoed, described.Count + described.Label, filled, counts[0]));
            }
        }
        """;

    [Fact]
    public async Task PartialSignaturesKeepValues()
    {
        var assembly = CompiledAssembly.Build(Source);
        await using var apie = await LoopbackClient.StartAsync();

        var returned = await assembly.CallAsync("PartialSignatures.Scenario", "RunAsync");

        Assert.Equal("HEY!!/HO!|40|abab|3VIP|9|2", returned);

        var requests = await apie.RecordedAsync();
        var summaries = requests.Where(r => r.Path == "/v1/runs").Select(r => LoopbackClient.String(r.Json, "input_summary")).ToList();
        LoopbackClient.AssertSameItems(new[] { "Shout hey", "Shout ho", "Legacy.Old", "Echo 2", "Class vip", "Fill 2" }, summaries);
    }
}
