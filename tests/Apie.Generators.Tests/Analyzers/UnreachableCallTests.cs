using System.Collections.Generic;
using System.Threading.Tasks;
using Apie.Generators.Analyzers;
using Xunit;
using Verify = Apie.Generators.Tests.Analyzers.AnalyzerVerifier<Apie.Generators.Analyzers.CallAnalyzer>;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>
/// APIE0011: a call that no interceptor can replace, because the project does not enable the generated namespace,
/// the call is inside an expression tree, or a dynamic argument binds it at run time.
/// </summary>
public sealed class UnreachableCallTests
{
    private const string MissingNamespace =
        "the project does not list Apie.Generated in InterceptorsNamespaces; add <InterceptorsNamespaces>$(InterceptorsNamespaces);Apie.Generated</InterceptorsNamespaces> to the project, or import Apie.targets";

    private const string InExpressionTree =
        "it is inside an expression tree, which describes the call instead of making it; call the method outside the expression";

    private const string BoundAtRunTime =
        "a dynamic argument makes it bind at run time, where the compiler cannot intercept it; cast the argument to its static type";

    private const string Scorer = """
        public static class Scorer
        {
            [ApieRun("Score {ticketId}")]
            public static int Score(string ticketId) => ticketId.Length;

            public static int Plain(string ticketId) => ticketId.Length;
        }
        """;

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task MissingNamespaceReportsEachCall(TargetRuntime runtime)
    {
        const string source = $$"""
            using Apie;

            namespace Shop;

            public static class Caller
            {
                public static int Run() => {|#0:Scorer.Score("T-1")|} + {|#1:Scorer.Score("T-2")|} + Scorer.Plain("T-3");
            }

            {{Scorer}}
            """;

        var settings = BuildSettings.For(runtime) with { Features = new Dictionary<string, string>() };
        await Verify.VerifyAsync(
            source,
            settings,
            Verify.Diagnostic(DiagnosticDescriptors.InterceptionUnreachable).WithLocation(0).WithArguments("Score", MissingNamespace),
            Verify.Diagnostic(DiagnosticDescriptors.InterceptionUnreachable).WithLocation(1).WithArguments("Score", MissingNamespace));
    }

    [Fact]
    public async Task OtherNamespaceListReports()
    {
        const string source = $$"""
            using Apie;

            namespace Shop;

            public static class Caller
            {
                public static int Run() => {|#0:Scorer.Score("T-1")|};
            }

            {{Scorer}}
            """;

        var settings = BuildSettings.Default with
        {
            Features = new Dictionary<string, string> { ["InterceptorsNamespaces"] = "Microsoft.AspNetCore.Http.Generated;Apie.Generated.Extra" },
        };
        await Verify.VerifyAsync(
            source,
            settings,
            Verify.Diagnostic(DiagnosticDescriptors.InterceptionUnreachable).WithLocation(0).WithArguments("Score", MissingNamespace));
    }

    [Theory]
    [InlineData("Apie.Generated")]
    [InlineData("Microsoft.AspNetCore.Http.Generated;Apie.Generated")]
    public async Task ListedNamespaceIsSilent(string namespaces)
    {
        const string source = $$"""
            using Apie;

            namespace Shop;

            public static class Caller
            {
                public static int Run() => Scorer.Score("T-1");
            }

            {{Scorer}}
            """;

        var settings = BuildSettings.Default with { Features = new Dictionary<string, string> { ["InterceptorsNamespaces"] = namespaces } };
        await Verify.VerifyAsync(source, settings);
    }

    [Fact]
    public async Task PreviewFeatureNameIsSilent()
    {
        // The analyzer also accepts the list under InterceptorsPreviewNamespaces, the name older SDKs passed. The
        // Roslyn 4.14 compiler of this test project reads only InterceptorsNamespaces and would reject the
        // generated interceptors, so this build leaves the generator out.
        const string source = $$"""
            using Apie;

            namespace Shop;

            public static class Caller
            {
                public static int Run() => Scorer.Score("T-1");
            }

            {{Scorer}}
            """;

        var settings = new BuildSettings(RunGenerator: false)
        {
            Features = new Dictionary<string, string> { ["InterceptorsPreviewNamespaces"] = "Apie.Generated" },
        };
        await Verify.VerifyAsync(source, settings);
    }

    [Fact]
    public async Task PartialMethodWithoutNamespaceIsSilent()
    {
        // The generated body traces a partial method, so its calls need no interceptor.
        const string source = """
            using Apie;

            namespace Shop;

            public static partial class Scorer
            {
                [ApieRun("Score {ticketId}")]
                public static partial int Score(string ticketId);

                private static int ScoreCore(string ticketId) => ticketId.Length;

                public static int Run() => Score("T-1");
            }
            """;

        await Verify.VerifyAsync(source, BuildSettings.Default with { Features = new Dictionary<string, string>() });
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task ExpressionTreeCallReports(TargetRuntime runtime)
    {
        const string source = $$"""
            using System;
            using System.Linq.Expressions;
            using Apie;

            namespace Shop;

            public static class Caller
            {
                public static Expression<Func<string, int>> Describe() => ticketId => {|#0:Scorer.Score(ticketId)|};
            }

            {{Scorer}}
            """;

        await Verify.VerifyAsync(
            source,
            runtime,
            Verify.Diagnostic(DiagnosticDescriptors.InterceptionUnreachable).WithLocation(0).WithArguments("Score", InExpressionTree));
    }

    [Fact]
    public async Task DelegateLambdaCallIsSilent()
    {
        const string source = $$"""
            using System;
            using System.Linq.Expressions;
            using Apie;

            namespace Shop;

            public static class Caller
            {
                public static Func<string, int> Score() => ticketId => Scorer.Score(ticketId);

                public static Expression<Func<string, int>> Describe() => ticketId => Scorer.Plain(ticketId);
            }

            {{Scorer}}
            """;

        await Verify.VerifyAsync(source);
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task DynamicArgumentReports(TargetRuntime runtime)
    {
        const string source = $$"""
            using Apie;

            namespace Shop;

            public static class Caller
            {
                public static object Run(dynamic ticketId) => {|#0:Scorer.Score(ticketId)|};
            }

            {{Scorer}}
            """;

        await Verify.VerifyAsync(
            source,
            runtime,
            Verify.Diagnostic(DiagnosticDescriptors.InterceptionUnreachable).WithLocation(0).WithArguments("Score", BoundAtRunTime));
    }

    [Fact]
    public async Task DynamicArgumentToOverloadsReports()
    {
        const string source = """
            using Apie;

            namespace Shop;

            public static class Scorer
            {
                [ApieRun("Score {ticketId}")]
                public static int Score(string ticketId) => ticketId.Length;

                [ApieRun("Score {ticketNumber}")]
                public static int Score(int ticketNumber) => ticketNumber;
            }

            public static class Caller
            {
                public static object Run(dynamic ticket) => {|#0:Scorer.Score(ticket)|};
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.InterceptionUnreachable).WithLocation(0).WithArguments("Score", BoundAtRunTime));
    }

    [Fact]
    public async Task CastDynamicArgumentIsSilent()
    {
        const string source = $$"""
            using Apie;

            namespace Shop;

            public static class Caller
            {
                public static int Run(dynamic ticketId) => Scorer.Score((string)ticketId) + Scorer.Plain(ticketId);
            }

            {{Scorer}}
            """;

        await Verify.VerifyAsync(source);
    }
}
