using System.Linq;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// Where calls are made and what they reach: private and protected methods through the interceptor way, and
/// calls inside lambdas, local functions, top-level code, conditional access, await chains, string
/// interpolation and object initializers. Every call returns what it would unwrapped and records one run.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class CallSiteBehaviourTests
{
    private const string Source = """
        using System;
        using System.Linq;
        using System.Threading.Tasks;
        using Apie;

        namespace Calls;

        public class Account
        {
            private int _balance = 10;

            public int Deposit(int amount) => Apply(amount) + Audit("deposit");

            public Account? Next { get; set; }

            [ApieRun("Apply {amount}")]
            private int Apply(int amount) => _balance += amount;

            [ApieRun("Audit {action}")]
            private static int Audit(string action) => action.Length;

            [ApieRun("Fee")]
            protected int Fee() => 1;

            [ApieRun("Rate")]
            public async Task<decimal> RateAsync()
            {
                await Task.Yield();
                return 0.5m;
            }

            [ApieRun("Label {prefix}")]
            public string Label(string prefix) => prefix + _balance;
        }

        public sealed class Savings : Account
        {
            public int Charge() => Fee() + 1;
        }

        public struct Meter
        {
            private int _ticks;

            public int TickTwice() => Tick() + Tick();

            [ApieRun]
            private int Tick() => ++_ticks;
        }

        public sealed class Report
        {
            public string Title { get; set; } = "";
        }

        public static class Scenario
        {
            public static async Task<string> RunAsync()
            {
                var account = new Account();
                var deposited = account.Deposit(5);
                var charged = new Savings().Charge();
                var ticked = new Meter().TickTwice();

                Func<string, string> lambda = prefix => account.Label(prefix);
                int Local() => account.Label("local").Length;
                Account? missing = null;
                var conditional = account.Next?.Label("none") ?? "no next";
                var alsoMissing = missing?.Label("x");
                var chained = (await account.RateAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var interpolated = $"<{account.Label("i")}>";
                var report = new Report { Title = account.Label("title") };
                var selected = string.Join(",", new[] { "a", "b" }.Select(letter => account.Label(letter)));

                return string.Join("|", deposited, charged, ticked, lambda("l"), Local(), conditional, alsoMissing is null, chained, interpolated, report.Title, selected);
            }
        }
        """;

    [Fact]
    public async Task EveryCallFormIsWrapped()
    {
        var assembly = CompiledAssembly.Build(Source);
        await using var apie = await LoopbackClient.StartAsync();

        var returned = await assembly.CallAsync("Calls.Scenario", "RunAsync");

        Assert.Equal("22|2|3|l15|7|no next|True|0.5|<i15>|title15|a15,b15", returned);

        var requests = await apie.RecordedAsync();
        var summaries = requests
            .Where(r => r.Path == "/v1/runs")
            .Select(r => LoopbackClient.String(r.Json, "input_summary"))
            .ToList();
        LoopbackClient.AssertSameItems(new[]
            {
                "Apply 5", "Audit deposit", "Fee", "Meter.Tick", "Meter.Tick", "Rate",
                "Label i", "Label title", "Label a", "Label b", "Label l", "Label local",
            }, summaries);
    }

    [Fact]
    public void TopLevelStatementsAreIntercepted()
    {
        var source = """
            using Apie;

            var total = new Adder().Add(2, 3);
            System.Console.WriteLine(total);

            public class Adder
            {
                [ApieRun("Add {left} {right}")]
                public int Add(int left, int right) => left + right;
            }
            """;
        var compilation = GeneratorHarness.CreateCompilation(source)
            .WithOptions(GeneratorHarness.CreateCompilation(source).Options.WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication));

        var (output, result) = GeneratorHarness.Run(compilation);

        Assert.Empty(GeneratorHarness.Problems(output));
        var generated = Assert.Single(GeneratorHarness.GeneratedSources(result)).Value;
        Assert.Contains("InterceptsLocation(1, ", generated, System.StringComparison.Ordinal);
    }
}
