using System.Threading.Tasks;
using Apie.Generators.Analyzers;
using Xunit;
using Verify = Apie.Generators.Tests.Analyzers.AnalyzerVerifier<Apie.Generators.Analyzers.MethodAnalyzer>;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>
/// APIE0013: a high or critical tool that guardrails cannot judge, APIE0015: a tool or step without a name, and
/// the template rules on the templates that only tools, steps and model calls have.
/// </summary>
public sealed class ToolRuleTests
{
    private const string UndescribedRiskyToolArguments = "billing.refund";

    [Theory]
    [InlineData(TargetRuntime.Net80, "High")]
    [InlineData(TargetRuntime.Net100, "Critical")]
    public async Task RiskyToolWithoutBoundaryReportsAtAttribute(TargetRuntime runtime, string risk)
    {
        var source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Billing
            {
                [{|#0:ApieTool("billing.refund", RiskLevel = RiskLevel.{{risk}})|}]
                public Task<decimal> RefundAsync(string orderId, decimal amount) => Task.FromResult(amount);
            }
            """;

        await Verify.VerifyAsync(
            source,
            runtime,
            Verify.Diagnostic(DiagnosticDescriptors.UndescribedRiskyTool).WithLocation(0).WithArguments(UndescribedRiskyToolArguments, "RefundAsync", risk));
    }

    [Theory]
    [InlineData("ActionType = \"update\"")]
    [InlineData("ResourceType = \"payment\"")]
    [InlineData("Environment = \"production\"")]
    public async Task RiskyToolWithOneBoundaryFieldIsSilent(string field)
    {
        var source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Billing
            {
                [ApieTool("billing.refund", RiskLevel = RiskLevel.High, {{field}})]
                public Task<decimal> RefundAsync(string orderId, decimal amount) => Task.FromResult(amount);
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Theory]
    [InlineData("Medium")]
    [InlineData("Low")]
    [InlineData("Unspecified")]
    public async Task LowerRiskToolWithoutBoundaryIsSilent(string risk)
    {
        var source = $$"""
            using Apie;

            namespace Shop;

            public sealed class Knowledge
            {
                [ApieTool("kb.search", RiskLevel = RiskLevel.{{risk}})]
                public string[] Search(string query) => new[] { query };
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Theory]
    [InlineData("ApieTool(\"\")", "[ApieTool]", "a tool name", "\"kb.search\"")]
    [InlineData("ApieTool(\"  \")", "[ApieTool]", "a tool name", "\"kb.search\"")]
    [InlineData("ApieWorkflowStep(\"\")", "[ApieWorkflowStep]", "a step key", "\"triage\"")]
    public async Task EmptyNameReportsAtAttribute(string attribute, string display, string what, string example)
    {
        var source = $$"""
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [{|#0:{{attribute}}|}]
                public int Work(int id) => id;
            }
            """;

        await Verify.VerifyAsync(source, Verify.Diagnostic(DiagnosticDescriptors.MissingName).WithLocation(0).WithArguments("Work", display, what, example));
    }

    [Fact]
    public async Task NamedToolAndStepAreSilent()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieWorkflowStep("triage", Name = "Triage", Index = 0, PayloadSummary = "Ticket {id}")]
                public int Triage(int id) => id;

                [ApieLlmCall(Provider = "anthropic", Model = "claude", InputSummary = "Draft for {id}")]
                public Task<string> DraftAsync(int id) => Task.FromResult("reply");

                [ApieTool("kb.search", ExternalId = "{id}", PayloadSummary = "Search {query}")]
                public string Search(int id, string query) => query;
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Theory]
    [InlineData("ApieTool(\"kb.search\", PayloadSummary = \"Search {|#0:{qeury}|}\")", "qeury", "PayloadSummary")]
    [InlineData("ApieTool(\"kb.search\", ExternalId = \"{|#0:{qeury}|}\")", "qeury", "ExternalId")]
    [InlineData("ApieWorkflowStep(\"triage\", PayloadSummary = \"{|#0:{qeury}|}\")", "qeury", "PayloadSummary")]
    [InlineData("ApieLlmCall(InputSummary = \"Prompt {|#0:{qeury}|}\")", "qeury", "InputSummary")]
    public async Task ActivityTemplatesReportUnknownPlaceholders(string attribute, string placeholder, string property)
    {
        var source = $$"""
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [{{attribute}}]
                public string Work(string query) => query;
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnknownPlaceholder)
                .WithLocation(0)
                .WithArguments(placeholder, property, "Work", "'qeury' is not a parameter of 'Work'; did you mean 'query'?"));
    }

    [Fact]
    public async Task ToolNameIsNotReadAsTemplate()
    {
        // A tool name with braces is a name, not an input summary template: nothing reports its placeholders.
        const string source = """
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieTool("kb.{search}")]
                public string Work(string query) => query;
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task SecretInPayloadSummaryReports()
    {
        const string source = """
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieTool("auth.login", PayloadSummary = "Login with {|#0:{password}|}")]
                public bool Login(string user, string password) => true;
            }
            """;

        await Verify.VerifyAsync(source, Verify.Diagnostic(DiagnosticDescriptors.SecretInTemplate).WithLocation(0).WithArguments("PayloadSummary", "Login", "password"));
    }
}
