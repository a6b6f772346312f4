using System.Linq;
using System.Threading.Tasks;
using Apie.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Apie.Generators.Tests.Analyzers.AnalyzerVerifier<Apie.Generators.Analyzers.MethodAnalyzer>;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>APIE0001: an Apie attribute on a member that is not an ordinary method, and APIE0002: async void.</summary>
public sealed class UnsupportedTargetTests
{
    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task LocalFunctionReportsAtAttribute(TargetRuntime runtime)
    {
        const string source = """
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                public int Run()
                {
                    return Count();

                    [{|#0:ApieRun("Count")|}]
                    static int Count() => 3;
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            runtime,
            Verify.Diagnostic(DiagnosticDescriptors.UnsupportedTarget).WithLocation(0).WithArguments("Count", "a local function", ", and call it from there"));
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task LambdaReportsAtAttribute(TargetRuntime runtime)
    {
        const string source = """
            using System;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                public int Run()
                {
                    Func<int> count = [{|#0:ApieRun|}] () => 3;
                    return count();
                }
            }
            """;

        // Only the id and the location are compared here: LambdaMessageNamesTheLambda checks the message.
        await Verify.VerifyAsync(source, runtime, new DiagnosticResult("APIE0001", DiagnosticSeverity.Warning).WithLocation(0));
    }

    [Fact]
    public async Task LambdaMessageNamesTheLambda()
    {
        const string source = """
            using System;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                public int Run()
                {
                    Func<int> count = [ApieRun] () => 3;
                    return count();
                }
            }
            """;

        var diagnostics = await ApieAnalysis.RunAsync(BuildSettings.Default, ("Worker.cs", source));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("APIE0001", diagnostic.Id);

        // A lambda's symbol has an empty name, so the message must name it some other way than by Name.
        Assert.DoesNotContain("''", diagnostic.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task PropertyAccessorReportsAtAttribute()
    {
        const string source = """
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                public int Count
                {
                    [{|#0:ApieRun|}]
                    get => 3;
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnsupportedTarget).WithLocation(0).WithArguments("get_Count", "a property accessor", ""));
    }

    [Fact]
    public async Task EventAccessorReportsAtAttribute()
    {
        const string source = """
            using System;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                public event EventHandler? Changed
                {
                    [{|#0:ApieRun|}]
                    add { }
                    remove { }
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnsupportedTarget).WithLocation(0).WithArguments("add_Changed", "an event accessor", ""));
    }

    [Fact]
    public async Task OperatorReportsAtAttribute()
    {
        const string source = """
            using Apie;

            namespace Shop;

            public readonly record struct Money(decimal Amount)
            {
                [{|#0:ApieRun|}]
                public static Money operator +(Money left, Money right) => new(left.Amount + right.Amount);

                [{|#1:ApieRun|}]
                public static implicit operator decimal(Money money) => money.Amount;
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnsupportedTarget).WithLocation(0).WithArguments("op_Addition", "an operator", ""),
            Verify.Diagnostic(DiagnosticDescriptors.UnsupportedTarget).WithLocation(1).WithArguments("op_Implicit", "an operator", ""));
    }

    [Fact]
    public async Task ExplicitInterfaceImplementationReports()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public interface ITriage
            {
                Task<int> TriageAsync(string subject);
            }

            public sealed class Worker : ITriage
            {
                [{|#0:ApieRun("Triage {subject}")|}]
                Task<int> ITriage.TriageAsync(string subject) => Task.FromResult(subject.Length);
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnsupportedTarget)
                .WithLocation(0)
                .WithArguments("Shop.ITriage.TriageAsync", "an explicit interface implementation", ", such as the interface member"));
    }

    [Fact]
    public async Task FinalizerReportsAtAttribute()
    {
        const string source = """
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [{|#0:ApieRun|}]
                ~Worker()
                {
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UnsupportedTarget).WithLocation(0).WithArguments("Finalize", "a finalizer", ""));
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task LambdaCallingAttributedMethodIsSilent(TargetRuntime runtime)
    {
        const string source = """
            using System;
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Count {subject}")]
                public Task<int> CountAsync(string subject) => Task.FromResult(subject.Length);

                public Task<int> Run()
                {
                    Func<string, Task<int>> count = subject => CountAsync(subject);
                    return count("refund");
                }
            }
            """;

        await Verify.VerifyAsync(source, runtime);
    }

    [Fact]
    public async Task ImplicitInterfaceImplementationIsSilent()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public interface ITriage
            {
                [ApieRun("Triage {subject}")]
                Task<int> TriageAsync(string subject);
            }

            public sealed class Worker : ITriage
            {
                [ApieRun("Triage {subject}")]
                public Task<int> TriageAsync(string subject) => Task.FromResult(subject.Length);
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task AsyncVoidReportsAtAttribute(TargetRuntime runtime)
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [{|#0:ApieRun("Poll")|}]
                public async void Poll()
                {
                    await Task.Delay(1);
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            runtime,
            Verify.Diagnostic(DiagnosticDescriptors.AsyncVoid).WithLocation(0).WithArguments("Poll"));
    }

    [Fact]
    public async Task AsyncVoidSessionReportsAtAttribute()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [{|#0:ApieSession|}]
                public async void Handle()
                {
                    await Task.Delay(1);
                }
            }
            """;

        await Verify.VerifyAsync(source, Verify.Diagnostic(DiagnosticDescriptors.AsyncVoid).WithLocation(0).WithArguments("Handle"));
    }

    [Theory]
    [InlineData("public async Task Poll() { await Task.Delay(1); }")]
    [InlineData("public void Poll() { }")]
    [InlineData("public Task Poll() => Task.Delay(1);")]
    public async Task AwaitableOrSynchronousVoidIsSilent(string method)
    {
        var source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Poll")]
                {{method}}
            }
            """;

        await Verify.VerifyAsync(source);
    }
}
