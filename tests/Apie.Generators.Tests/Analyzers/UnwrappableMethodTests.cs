using System.Threading.Tasks;
using Apie.Generators.Analyzers;
using Xunit;
using Verify = Apie.Generators.Tests.Analyzers.AnalyzerVerifier<Apie.Generators.Analyzers.MethodAnalyzer>;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>APIE0008: two Apie attributes on one method, and APIE0012: a method the generator cannot wrap.</summary>
public sealed class UnwrappableMethodTests
{
    private const string InaccessibleReason =
        "it is {0}, and an interceptor reaches such a method only through UnsafeAccessor (.NET 8 and later) when it is not virtual, generic or an extension; make it internal, or declare it partial without a body";

    private const string ReturnReason =
        "its return type {0} has no end the wrapper can observe; return Task, ValueTask, IAsyncEnumerable<T> or a value, or declare it without the attribute";

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task BothAttributesReportAtFirst(TargetRuntime runtime)
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [{|#0:ApieSession("Handle {ticketId}")|}, ApieRun("Handle {ticketId}")]
                public Task HandleAsync(string ticketId) => Task.CompletedTask;
            }
            """;

        await Verify.VerifyAsync(
            source,
            runtime,
            Verify.Diagnostic(DiagnosticDescriptors.ConflictingAttributes).WithLocation(0).WithArguments("HandleAsync", "ApieSession", "ApieRun"));
    }

    [Fact]
    public async Task BothAttributesOnCalledMethodReport()
    {
        // The generator must survive the conflict: when it throws, the compiler drops all of its output, so every
        // other attributed method of the project goes untraced as well.
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [{|#0:ApieSession("Handle {ticketId}")|}, ApieRun("Handle {ticketId}")]
                public Task HandleAsync(string ticketId) => Task.CompletedTask;

                public Task RunAsync() => HandleAsync("T-1");
            }
            """;

        await Verify.VerifyAsync(source, Verify.Diagnostic(DiagnosticDescriptors.ConflictingAttributes).WithLocation(0).WithArguments("HandleAsync", "ApieSession", "ApieRun"));
    }

    [Fact]
    public async Task ToolAndStepOnOneMethodReport()
    {
        const string source = """
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [{|#0:ApieTool("billing.refund", ActionType = "update")|}]
                [ApieWorkflowStep("refund")]
                public int Refund(int amount) => amount;

                public int Run() => Refund(3);
            }
            """;

        await Verify.VerifyAsync(source, Verify.Diagnostic(DiagnosticDescriptors.ConflictingAttributes).WithLocation(0).WithArguments("Refund", "ApieTool", "ApieWorkflowStep"));
    }

    [Fact]
    public async Task SeparateAttributesAreSilent()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieSession("Handle {ticketId}")]
                public async Task HandleAsync(string ticketId) => await TriageAsync(ticketId);

                [ApieRun("Triage {ticketId}")]
                public Task TriageAsync(string ticketId) => Task.CompletedTask;
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task HiddenTypeParameterReports(TargetRuntime runtime)
    {
        const string source = """
            using Apie;

            namespace Shop;

            public sealed class Store<T>
            {
                [{|#0:ApieRun|}]
                public int Count<T>(T item) => 1;
            }
            """;

        await Verify.VerifyAsync(
            source,
            runtime,
            Verify.Diagnostic(DiagnosticDescriptors.Unwrappable)
                .WithLocation(0)
                .WithArguments("Count", "a type parameter (T) has the name of a containing type's type parameter; rename it"));
    }

    [Theory]
    [InlineData("protected virtual", "protected")]
    [InlineData("private protected virtual", "private protected")]
    [InlineData("protected abstract", "protected")]
    public async Task InaccessibleVirtualMethodReports(string modifiers, string accessibility)
    {
        var body = modifiers.Contains("abstract", System.StringComparison.Ordinal) ? ";" : " => 1;";
        var source = $$"""
            using Apie;

            namespace Shop;

            public abstract class Worker
            {
                [{|#0:ApieRun|}]
                {{modifiers}} int Score(string ticketId){{body}}
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.Unwrappable).WithLocation(0).WithArguments("Score", string.Format(InaccessibleReason, accessibility)));
    }

    [Fact]
    public async Task PrivateMethodInGenericTypeReports()
    {
        const string source = """
            using Apie;

            namespace Shop;

            public sealed class Store<TItem>
            {
                [{|#0:ApieRun|}]
                private int Count(TItem item) => 1;

                public int CountTwice(TItem item) => Count(item) + Count(item);
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.Unwrappable).WithLocation(0).WithArguments("Count", string.Format(InaccessibleReason, "private")));
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task PrivateMethodIsSilent(TargetRuntime runtime)
    {
        // UnsafeAccessorAttribute exists from .NET 8 on, so an interceptor can reach a private non-virtual method.
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun("Score {ticketId}")]
                private Task<int> ScoreAsync(string ticketId) => Task.FromResult(ticketId.Length);

                [ApieRun]
                protected internal int Rank() => 1;

                public Task<int> RunAsync() => ScoreAsync("T-1");
            }
            """;

        await Verify.VerifyAsync(source, runtime);
    }

    [Theory]
    [InlineData("IEnumerator<int>", "System.Collections.Generic.IEnumerator<int>", "{ yield return 1; }")]
    [InlineData("IEnumerable", "System.Collections.IEnumerable", "{ yield return 1; }")]
    [InlineData("IAsyncEnumerator<int>", "System.Collections.Generic.IAsyncEnumerator<int>", "=> throw new NotSupportedException();")]
    [InlineData("Span<int>", "System.Span<int>", "=> default;")]
    public async Task UnobservableReturnTypeReports(string returnType, string displayed, string body)
    {
        var source = $$"""
            using System;
            using System.Collections;
            using System.Collections.Generic;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [{|#0:ApieRun|}]
                public {{returnType}} Read() {{body}}
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.Unwrappable).WithLocation(0).WithArguments("Read", string.Format(ReturnReason, displayed)));
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task CustomTaskLikeReturnReports(TargetRuntime runtime)
    {
        // A task-like type ends its work after the method returns it, which a wrapper that treats it as a plain value
        // would record as the end of the run.
        const string source = """
            using System;
            using System.Runtime.CompilerServices;
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            [AsyncMethodBuilder(typeof(JobBuilder))]
            public readonly struct Job
            {
                public Awaiter GetAwaiter() => default;

                public readonly struct Awaiter : INotifyCompletion
                {
                    public bool IsCompleted => true;

                    public void GetResult()
                    {
                    }

                    public void OnCompleted(Action continuation) => continuation();
                }
            }

            public struct JobBuilder
            {
                public static JobBuilder Create() => default;

                public Job Task => default;

                public void Start<TStateMachine>(ref TStateMachine stateMachine)
                    where TStateMachine : IAsyncStateMachine => stateMachine.MoveNext();

                public void SetStateMachine(IAsyncStateMachine stateMachine)
                {
                }

                public void SetResult()
                {
                }

                public void SetException(Exception exception)
                {
                }

                public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
                    where TAwaiter : INotifyCompletion
                    where TStateMachine : IAsyncStateMachine
                {
                }

                public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
                    where TAwaiter : ICriticalNotifyCompletion
                    where TStateMachine : IAsyncStateMachine
                {
                }
            }

            public sealed class Worker
            {
                [{|#0:ApieRun|}]
                public async Job RunAsync()
                {
                    await Task.Yield();
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            runtime,
            Verify.Diagnostic(DiagnosticDescriptors.Unwrappable).WithLocation(0).WithArguments("RunAsync", string.Format(ReturnReason, "Shop.Job")));
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task ObservableReturnTypesAreSilent(TargetRuntime runtime)
    {
        const string source = """
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed class Worker
            {
                [ApieRun]
                public IEnumerable<int> Numbers()
                {
                    yield return 1;
                }

                [ApieRun]
                public async IAsyncEnumerable<int> StreamAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
                {
                    await Task.Yield();
                    yield return 1;
                }

                [ApieRun]
                public IEnumerator<int> Cursor() => new List<int>().GetEnumerator();

                [ApieRun]
                public ValueTask<int> ScoreAsync() => new(1);

                [ApieRun]
                public int Count<TItem>(TItem item) => 1;
            }
            """;

        await Verify.VerifyAsync(source, runtime);
    }
}
