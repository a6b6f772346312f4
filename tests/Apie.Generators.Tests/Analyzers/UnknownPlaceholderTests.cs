using System.Linq;
using System.Threading.Tasks;
using Apie.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Apie.Generators.Tests.Analyzers.AnalyzerVerifier<Apie.Generators.Analyzers.MethodAnalyzer>;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>APIE0004: a placeholder that names no parameter or no readable member, so it renders as empty text.</summary>
public sealed class UnknownPlaceholderTests
{
    private const string TicketTypes = """
        public enum TicketChannel { Email, Phone }

        public sealed class Ticket
        {
            private readonly string _note = "";

            public Ticket(string id) => Id = id;

            public string Id { get; }

            public TicketChannel Channel { get; init; }

            public Customer? Customer { get; init; }

            public string Note => _note;

            public string Draft { set { } }
        }

        public sealed record Customer(string Name);
        """;

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task MissingParameterReportsAtPlaceholder(TargetRuntime runtime)
    {
        const string source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Triage {|#0:{tikcet.Id}|} from {ticket.Channel}")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }

            {{TicketTypes}}
            """;

        await Verify.VerifyAsync(
            source,
            runtime,
            Verify.Diagnostic(DiagnosticDescriptors.UnknownPlaceholder)
                .WithLocation(0)
                .WithArguments("tikcet.Id", "InputSummary", "TriageAsync", "'tikcet' is not a parameter of 'TriageAsync'"));
    }

    [Fact]
    public async Task NearMissNameSuggestsParameter()
    {
        const string source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Triage {|#0:{tikcet}|}")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }

            {{TicketTypes}}
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnknownPlaceholder)
                .WithLocation(0)
                .WithArguments("tikcet", "InputSummary", "TriageAsync", "'tikcet' is not a parameter of 'TriageAsync'; did you mean 'ticket'?"));
    }

    [Fact]
    public async Task NearMissSetsSuggestionProperty()
    {
        const string source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Triage {tikcet.Id}")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }

            {{TicketTypes}}
            """;

        var diagnostics = await ApieAnalysis.RunAsync(BuildSettings.Default, ("Worker.cs", source));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("APIE0004", diagnostic.Id);
        Assert.Equal("ticket", diagnostic.Properties["Suggestion"]);
        Assert.Equal("tikcet", diagnostic.Properties["Placeholder"]);
    }

    [Fact]
    public async Task DistantNameHasNoSuggestion()
    {
        const string source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Triage {|#0:{order}|}")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }

            {{TicketTypes}}
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnknownPlaceholder)
                .WithLocation(0)
                .WithArguments("order", "InputSummary", "TriageAsync", "'order' is not a parameter of 'TriageAsync'"));

        var diagnostics = await ApieAnalysis.RunAsync(BuildSettings.Default, ("Worker.cs", TestFileMarkup.Strip(source)));
        var diagnostic = Assert.Single(diagnostics);
        Assert.False(diagnostic.Properties.ContainsKey("Suggestion"));
    }

    [Fact]
    public async Task MissingMemberReportsAtPlaceholder()
    {
        const string source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Triage {|#0:{ticket.Customer.Nmae}|}")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }

            {{TicketTypes}}
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnknownPlaceholder)
                .WithLocation(0)
                .WithArguments("ticket.Customer.Nmae", "InputSummary", "TriageAsync", "'Shop.Customer?' has no readable instance property or field 'Nmae'"));
    }

    [Fact]
    public async Task MissingMemberSetsNoSuggestion()
    {
        // The root names a parameter, so suggesting that same parameter offers no fix.
        const string source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Triage {ticket.Nmae}")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }

            {{TicketTypes}}
            """;

        var diagnostics = await ApieAnalysis.RunAsync(BuildSettings.Default, ("Worker.cs", source));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("APIE0004", diagnostic.Id);
        diagnostic.Properties.TryGetValue("Suggestion", out var suggestion);
        Assert.Null(suggestion);
    }

    [Fact]
    public async Task OutParameterReasonIsAccurate()
    {
        // value is an out parameter, which templates do not read. The reason must not call it no parameter, and
        // suggesting value itself offers no fix.
        const string source = """
            using Apie;

            namespace Shop;

            public static class Parser
            {
                [ApieRun("Parse {text}", OutputSummary = "Parsed {value}")]
                public static bool TryParse(string text, out int value) => int.TryParse(text, out value);
            }
            """;

        var diagnostics = await ApieAnalysis.RunAsync(BuildSettings.Default, ("Parser.cs", source));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("APIE0004", diagnostic.Id);
        Assert.DoesNotContain("'value' is not a parameter", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean 'value'", diagnostic.GetMessage(), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_note", "'Shop.Ticket' has no readable instance property or field '_note'")]
    [InlineData("Draft", "'Shop.Ticket' has no readable instance property or field 'Draft'")]
    public async Task UnreadableMemberReportsAtPlaceholder(string member, string reason)
    {
        var source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Triage {|#0:{ticket.{{member}}}|}")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }

            {{TicketTypes}}
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnknownPlaceholder)
                .WithLocation(0)
                .WithArguments("ticket." + member, "InputSummary", "TriageAsync", reason));
    }

    [Fact]
    public async Task OutputSummaryMissingResultMemberReports()
    {
        const string source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Triage {ticket.Id}", OutputSummary = "{|#0:{result.Score}|}")]
                public Task<Customer> TriageAsync(Ticket ticket) => Task.FromResult(new Customer("Ada"));
            }

            {{TicketTypes}}
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnknownPlaceholder)
                .WithLocation(0)
                .WithArguments("result.Score", "OutputSummary", "TriageAsync", "'Shop.Customer' has no readable instance property or field 'Score'"));
    }

    [Fact]
    public async Task InputSummaryResultReports()
    {
        const string source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Triage {|#0:{result}|}")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }

            {{TicketTypes}}
            """;

        // Only the id and the location are compared here: InputResultReasonIsAccurate checks the message.
        await Verify.VerifyAsync(source, new DiagnosticResult("APIE0004", DiagnosticSeverity.Warning).WithLocation(0));
    }

    [Fact]
    public async Task InputResultReasonIsAccurate()
    {
        // TriageAsync returns a value, but the input summary renders before it runs, so the reason must not deny
        // that a value exists.
        const string source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Triage {result}")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }

            {{TicketTypes}}
            """;

        var diagnostics = await ApieAnalysis.RunAsync(BuildSettings.Default, ("Worker.cs", source));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("APIE0004", diagnostic.Id);
        Assert.DoesNotContain("returns no value", diagnostic.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartialMethodPlaceholderReports()
    {
        const string source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed partial class Worker
            {
                [ApieRun("Resolve {|#0:{tikcet.Id}|}")]
                public partial Task<int> ResolveAsync(Ticket ticket);

                private Task<int> ResolveAsyncCore(Ticket ticket) => Task.FromResult(1);
            }

            {{TicketTypes}}
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnknownPlaceholder)
                .WithLocation(0)
                .WithArguments("tikcet.Id", "InputSummary", "ResolveAsync", "'tikcet' is not a parameter of 'ResolveAsync'"));
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task ResolvedPlaceholdersAreSilent(TargetRuntime runtime)
    {
        const string source = $$"""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public interface IHasId
            {
                string Id { get; }
            }

            public sealed class Worker
            {
                [ApieRun("Triage {ticket.Id} via {ticket.Channel} for {ticket.Customer.Name} ({ticket.Note})",
                    OutputSummary = "{result.Name} after {ticket.Id}")]
                public Task<Customer> TriageAsync(Ticket ticket) => Task.FromResult(new Customer("Ada"));

                [ApieRun("Count {items.Count} in {@class}", OutputSummary = "{result}")]
                public int Count(IReadOnlyList<string> items, string @class) => items.Count;

                [ApieRun("Label {item.Id}")]
                public string Label<T>(T item) where T : IHasId => item.Id;

                [ApieRun("Wait {delay.TotalSeconds}")]
                public int Wait(System.TimeSpan? delay) => delay?.Seconds ?? 0;
            }

            {{TicketTypes}}
            """;

        await Verify.VerifyAsync(source, runtime);
    }
}
