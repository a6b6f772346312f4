using System.Threading.Tasks;
using Apie.Generators.Analyzers;
using Xunit;
using Verify = Apie.Generators.Tests.Analyzers.AnalyzerVerifier<Apie.Generators.Analyzers.MethodAnalyzer>;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>
/// APIE0005: <c>{result}</c> in the output summary of a method without a value, and APIE0014: a placeholder whose
/// name suggests a secret.
/// </summary>
public sealed class ResultAndSecretTemplateTests
{
    [Theory]
    [InlineData("void", "{ }")]
    [InlineData("Task", "=> Task.CompletedTask;")]
    [InlineData("ValueTask", "=> default;")]
    [InlineData("async Task", "{ await Task.Yield(); }")]
    public async Task ResultOfNoValueReportsAtPlaceholder(string returnType, string body)
    {
        var source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Close {ticketId}", OutputSummary = "Closed with {|#0:{result}|}")]
                public {{returnType}} Close(string ticketId) {{body}}
            }
            """;

        await Verify.VerifyAsync(source, Verify.Diagnostic(DiagnosticDescriptors.ResultWithoutValue).WithLocation(0).WithArguments("Close"));
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task ResultMemberOfNoValueReports(TargetRuntime runtime)
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieSession("Close {ticketId}", OutputSummary = "{|#0:{result.Status}|} for {ticketId}")]
                public Task CloseAsync(string ticketId) => Task.CompletedTask;
            }
            """;

        await Verify.VerifyAsync(source, runtime, Verify.Diagnostic(DiagnosticDescriptors.ResultWithoutValue).WithLocation(0).WithArguments("CloseAsync"));
    }

    [Theory]
    [InlineData("int", "=> 1;")]
    [InlineData("Task<int>", "=> Task.FromResult(1);")]
    [InlineData("ValueTask<int>", "=> new(1);")]
    [InlineData("async Task<int>", "{ await Task.Yield(); return 1; }")]
    public async Task ResultOfValueIsSilent(string returnType, string body)
    {
        var source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Close {ticketId}", OutputSummary = "Closed with {result}")]
                public {{returnType}} Close(string ticketId) {{body}}
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ParameterNamedResultIsSilent()
    {
        // A parameter named result is a parameter like any other, so a method without a value may name it.
        const string source = """
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Record {result}", OutputSummary = "Recorded {result}")]
                public void Record(string result)
                {
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task SecretParameterReportsAtPlaceholder(TargetRuntime runtime)
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Sign in {userName} with {|#0:{password}|}")]
                public Task<bool> SignInAsync(string userName, string password) => Task.FromResult(true);
            }
            """;

        await Verify.VerifyAsync(
            source,
            runtime,
            Verify.Diagnostic(DiagnosticDescriptors.SecretInTemplate).WithLocation(0).WithArguments("InputSummary", "SignInAsync", "password"));
    }

    [Theory]
    [InlineData("request.ApiKey")]
    [InlineData("request.AccessToken")]
    [InlineData("request.ClientSecret")]
    [InlineData("request.Credential")]
    [InlineData("request.Authorization")]
    public async Task SecretMemberReportsAtPlaceholder(string path)
    {
        var source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Request(string User, string ApiKey, string AccessToken, string ClientSecret, string Credential, string Authorization);

            public sealed class Worker
            {
                [ApieRun("Call for {request.User}", OutputSummary = "Called with {|#0:{{{path}}}|}")]
                public Task<int> CallAsync(Request request) => Task.FromResult(1);
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.SecretInTemplate).WithLocation(0).WithArguments("OutputSummary", "CallAsync", path));
    }

    [Fact]
    public async Task MissingSecretReportsBothRules()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Sign in with {|#0:{token}|}")]
                public Task<bool> SignInAsync(string userName) => Task.FromResult(true);
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnknownPlaceholder)
                .WithLocation(0)
                .WithArguments("token", "InputSummary", "SignInAsync", "'token' is not a parameter of 'SignInAsync'"),
            Verify.Diagnostic(DiagnosticDescriptors.SecretInTemplate).WithLocation(0).WithArguments("InputSummary", "SignInAsync", "token"));
    }

    [Fact]
    public async Task SecretOwnerWithPlainMemberIsSilent()
    {
        // Only the last segment is what the summary renders.
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Credentials(string UserName, string Password);

            public sealed class Worker
            {
                [ApieRun("Sign in {credentials.UserName}", OutputSummary = "Signed in: {result}")]
                public Task<bool> SignInAsync(Credentials credentials) => Task.FromResult(true);
            }
            """;

        await Verify.VerifyAsync(source);
    }
}
