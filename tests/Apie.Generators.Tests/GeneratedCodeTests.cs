using System.Linq;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// The generated code for every return shape in both marking ways: compared with committed snapshots, and
/// compiled together with the user's code with zero warnings under Nullable and warnings as errors.
/// </summary>
public sealed class GeneratedCodeTests
{
    public static TheoryData<string> ShapeNames => new(ShapeSources.All.Select(shape => shape.Name));

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void InterceptorWrapperMatchesSnapshot(string shapeName)
    {
        var shape = ShapeSources.All.Single(s => s.Name == shapeName);

        var generated = GenerateSingle(ShapeSources.WithBody(shape));

        Snapshot.Match($"Interceptor_{shape.Name}", generated);
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void PartialMethodWrapperMatchesSnapshot(string shapeName)
    {
        var shape = ShapeSources.All.Single(s => s.Name == shapeName);

        var generated = GenerateSingle(ShapeSources.Partial(shape));

        Snapshot.Match($"Partial_{shape.Name}", generated);
    }

    [Fact]
    public void SessionWrapperMatchesSnapshot()
    {
        var source = """
            using System.Threading;
            using System.Threading.Tasks;
            using Apie;

            namespace Support;

            public sealed record Ticket(string Id, Customer? Customer);

            public sealed record Customer(string Name, int Tier);

            public static class Desk
            {
                public static class Inner
                {
                    [ApieSession(Kind = SessionKind.Pipeline, InputSummary = "Resolve {ticket.Id} for {ticket.Customer.Name} ({{tier}} {ticket.Customer.Tier})", OutputSummary = "{result}", Environment = "staging")]
                    public static async Task<string> ResolveAsync(Ticket ticket, CancellationToken cancellationToken)
                    {
                        await Task.Delay(1, cancellationToken);
                        return "resolved " + ticket.Id;
                    }
                }

                public static Task<string> CallAsync() => Inner.ResolveAsync(new Ticket("T-9", null), CancellationToken.None);
            }
            """;

        var generated = GenerateSingle(source);

        Snapshot.Match("Session_StaticNestedWithTemplates", generated);
    }

    [Fact]
    public void ActivityWrappersMatchSnapshots()
    {
        var source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Apie;

            namespace Support;

            public sealed record Order(string Id, decimal Total);

            public partial class Desk
            {
                [ApieTool("billing.refund", Provider = "stripe", RiskLevel = RiskLevel.High, ActionType = "update", ResourceType = "payment", Environment = "production", ExternalId = "{order.Id}", PayloadSummary = "Refund {amount} of {order.Total}")]
                public async Task<string> RefundAsync(Order order, decimal amount)
                {
                    await Task.Yield();
                    return "refunded " + order.Id;
                }

                [ApieTool("kb.search", RiskLevel = RiskLevel.Low, Guard = false)]
                public partial int Search(string query);

                private int SearchCore(string query) => query.Length;

                [ApieWorkflowStep("triage", Name = "Triage", Index = 0, PayloadSummary = "Ticket {id}")]
                public IEnumerable<string> Triage(string id)
                {
                    yield return id;
                }

                [ApieLlmCall(Provider = "anthropic", Model = "claude-sonnet", InputSummary = "Draft for {id}")]
                public ValueTask<string> DraftAsync(string id) => new("reply to " + id);

                public async Task<int> CallAllAsync()
                {
                    var count = 0;
                    foreach (var _ in Triage("T-1"))
                    {
                        count++;
                    }

                    await RefundAsync(new Order("O-1", 12m), 3m);
                    await DraftAsync("T-1");
                    return count;
                }
            }
            """;

        var (output, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        var generated = GeneratorHarness.GeneratedSources(result);

        Assert.Empty(GeneratorHarness.Problems(output));
        Snapshot.Match("Tool_DeferredInterceptor", generated.Single(pair => pair.Key.StartsWith("Support.Desk.RefundAsync.", System.StringComparison.Ordinal)).Value);
        Snapshot.Match("Tool_UnguardedPartial", generated.Single(pair => pair.Key.StartsWith("Support.Desk.Search.", System.StringComparison.Ordinal)).Value);
        Snapshot.Match("WorkflowStep_Iterator", generated.Single(pair => pair.Key.StartsWith("Support.Desk.Triage.", System.StringComparison.Ordinal)).Value);
        Snapshot.Match("LlmCall_ValueTask", generated.Single(pair => pair.Key.StartsWith("Support.Desk.DraftAsync.", System.StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void LegacyLanguageWrapperMatchesSnapshot()
    {
        var source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Legacy
            {
                public class Worker
                {
                    [ApieRun("Handle {name}", OutputSummary = "{result}")]
                    public async Task<string> HandleAsync(string name)
                    {
                        await Task.Yield();
                        return name + "!";
                    }
                }

                public static class Caller
                {
                    public static Task<string> Call() { return new Worker().HandleAsync("x"); }
                }
            }
            """;

        var (output, result) = GeneratorHarness.Run(GeneratorHarness.CreateLegacyCompilation(source));
        var generated = GeneratorHarness.GeneratedSources(result, includeShared: true);

        Assert.Empty(GeneratorHarness.Problems(output));
        Assert.Equal(2, generated.Count);
        Snapshot.Match("Legacy_CSharp7_3_Interceptor", generated.Single(pair => pair.Key.StartsWith("Legacy.", System.StringComparison.Ordinal)).Value);
        Snapshot.Match("Shared_InterceptsLocationAttribute", generated[GeneratorHarness.SharedAttributeFile]);
    }

    [Fact]
    public void MethodWithoutCallsGetsNoInterceptorFile()
    {
        var source = """
            using Apie;

            public class Lonely
            {
                [ApieRun]
                public int Compute() => 1;
            }
            """;

        var (output, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));

        Assert.Empty(GeneratorHarness.GeneratedSources(result));
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void EveryCallSiteIsListedOnOneInterceptor()
    {
        var source = """
            using Apie;

            public class Counter
            {
                [ApieRun]
                public int Next(int step) => step + 1;
            }

            public static class Callers
            {
                public static int Many(Counter counter) => counter.Next(1) + counter.Next(2) + new Counter().Next(3);
            }
            """;

        var (output, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        var generated = Assert.Single(GeneratorHarness.GeneratedSources(result)).Value;

        Assert.Equal(3, generated.Split("InterceptsLocation(1, ").Length - 1);
        Assert.Single(generated.Split('\n'), line => line.Contains("public static int Next(", System.StringComparison.Ordinal));
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    private static string GenerateSingle(string source)
    {
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation((source, "Agents.cs")));

        Assert.Empty(GeneratorHarness.Problems(output));
        return Assert.Single(GeneratorHarness.GeneratedSources(result)).Value;
    }
}
