using System.Threading.Tasks;
using Apie.Generators.Analyzers;
using Xunit;
using Verify = Apie.Generators.Tests.Analyzers.AnalyzerVerifier<Apie.Generators.Analyzers.MethodAnalyzer>;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>APIE0003: a summary template that does not parse, reported at the exact span inside the string.</summary>
public sealed class MalformedTemplateTests
{
    private const string UnmatchedClose = "a '}' has no matching '{'; write '}}' for a literal brace";
    private const string NeverClosed = "a '{' is never closed; write '{{' for a literal brace";

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task UnmatchedCloseBraceReportsAtBrace(TargetRuntime runtime)
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed class Worker
            {
                [ApieRun("Triage {ticket.Id}{|#0:}|} now")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }
            """;

        await Verify.VerifyAsync(
            source,
            runtime,
            Verify.Diagnostic(DiagnosticDescriptors.MalformedTemplate).WithLocation(0).WithArguments("InputSummary", "TriageAsync", UnmatchedClose));
    }

    [Fact]
    public async Task UnclosedBraceReportsToTemplateEnd()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed class Worker
            {
                [ApieRun("Triage {ticket.Id} from {|#0:{ticket.Channel|}")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.MalformedTemplate).WithLocation(0).WithArguments("InputSummary", "TriageAsync", NeverClosed));
    }

    [Theory]
    [InlineData("ticket.")]
    [InlineData("1st")]
    [InlineData("ticket Id")]
    [InlineData("")]
    public async Task InvalidPathReportsWholePlaceholder(string body)
    {
        var source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed class Worker
            {
                [ApieRun("Triage {|#0:{{{body}}}|}")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.MalformedTemplate)
                .WithLocation(0)
                .WithArguments("InputSummary", "TriageAsync", $"'{{{body}}}' is not a parameter name or a dotted member path"));
    }

    [Fact]
    public async Task OutputSummaryErrorNamesOutputSummary()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed class Worker
            {
                [ApieRun("Triage {ticket.Id}", OutputSummary = "Priority {|#0:{result|}")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.MalformedTemplate).WithLocation(0).WithArguments("OutputSummary", "TriageAsync", NeverClosed));
    }

    [Fact]
    public async Task EscapedLiteralReportsWholeLiteral()
    {
        // An escape sequence makes the literal's text longer than its value, so no span inside it is exact.
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed class Worker
            {
                [ApieRun({|#0:"Triage\t{ticket.Id"|})]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.MalformedTemplate).WithLocation(0).WithArguments("InputSummary", "TriageAsync", NeverClosed));
    }

    [Fact]
    public async Task ConstantTemplateReportsAtAttribute()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed class Worker
            {
                private const string Prefix = "Triage ";

                [{|#0:ApieRun(Prefix + "{ticket.Id")|}]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.MalformedTemplate).WithLocation(0).WithArguments("InputSummary", "TriageAsync", NeverClosed));
    }

    [Fact]
    public async Task PartialMethodTemplateReports()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed partial class Worker
            {
                [ApieRun("Resolve {ticket.Id}{|#0:}|}")]
                public partial Task<int> ResolveAsync(Ticket ticket);

                private Task<int> ResolveAsyncCore(Ticket ticket) => Task.FromResult(1);
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.MalformedTemplate).WithLocation(0).WithArguments("InputSummary", "ResolveAsync", UnmatchedClose));
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task WellFormedTemplatesAreSilent(TargetRuntime runtime)
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id, string Channel);

            public sealed class Worker
            {
                [ApieRun("{{literal}} {ticket.Id} via { ticket . Channel }", OutputSummary = "Score {result}}}")]
                public Task<int> TriageAsync(Ticket ticket) => Task.FromResult(1);

                [ApieSession(InputSummary = "Session for {ticket.Id}")]
                public Task HandleAsync(Ticket ticket) => Task.CompletedTask;
            }
            """;

        await Verify.VerifyAsync(source, runtime);
    }
}
