using System.Threading.Tasks;
using Apie.Generators.Analyzers;
using Xunit;
using Verify = Apie.Generators.Tests.Analyzers.AnalyzerVerifier<Apie.Generators.Analyzers.CallAnalyzer>;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>
/// APIE0009: an attributed method used as a method group, and APIE0010: a call through an interface or base member
/// that the attributed implementation does not share.
/// </summary>
public sealed class CallTests
{
    private const string Worker = """
        public sealed record Ticket(string Id);

        public sealed class Worker
        {
            [ApieRun("Triage {ticket.Id}")]
            public static Task<int> TriageAsync(Ticket ticket) => Task.FromResult(ticket.Id.Length);

            [ApieRun("Label {ticket.Id}")]
            public string Label(Ticket ticket) => ticket.Id;

            public static Task<int> CountAsync(Ticket ticket) => Task.FromResult(1);
        }
        """;

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task MethodGroupReportsAtReference(TargetRuntime runtime)
    {
        const string source = $$"""
            using System;
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public static class Caller
            {
                public static Task<int> Run(Ticket ticket)
                {
                    Func<Ticket, Task<int>> triage = {|#0:Worker.TriageAsync|};
                    return triage(ticket);
                }
            }

            {{Worker}}
            """;

        await Verify.VerifyAsync(
            source,
            runtime,
            Verify.Diagnostic(DiagnosticDescriptors.UntracedReference).WithLocation(0).WithArguments("TriageAsync"));
    }

    [Fact]
    public async Task MethodGroupArgumentReports()
    {
        const string source = $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public static class Caller
            {
                public static List<string> Run(Worker worker, IEnumerable<Ticket> tickets)
                {
                    var labels = tickets.Select({|#0:worker.Label|}).ToList();
                    Func<Ticket, string> label = new({|#1:worker.Label|});
                    labels.Add(label(new Ticket("T-2")));
                    return labels;
                }
            }

            {{Worker}}
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.UntracedReference).WithLocation(0).WithArguments("Label"),
            Verify.Diagnostic(DiagnosticDescriptors.UntracedReference).WithLocation(1).WithArguments("Label"));
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task LambdasAndPlainGroupsAreSilent(TargetRuntime runtime)
    {
        const string source = $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public static class Caller
            {
                public static async Task<int> Run(Worker worker, IEnumerable<Ticket> tickets)
                {
                    Func<Ticket, Task<int>> triage = ticket => Worker.TriageAsync(ticket);
                    Func<Ticket, Task<int>> count = Worker.CountAsync;
                    var labels = tickets.Select(ticket => worker.Label(ticket)).ToList();
                    var name = nameof(Worker.TriageAsync);
                    return await triage(new Ticket(name)) + await count(new Ticket("T-1")) + labels.Count;
                }
            }

            {{Worker}}
            """;

        await Verify.VerifyAsync(source, runtime);
    }

    [Fact]
    public async Task PartialMethodGroupIsSilent()
    {
        // The generator writes the body of a partial method, so calls through a delegate are traced too.
        const string source = """
            using System;
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed partial class Worker
            {
                [ApieRun("Resolve {ticket.Id}")]
                public partial Task<int> ResolveAsync(Ticket ticket);

                private Task<int> ResolveAsyncCore(Ticket ticket) => Task.FromResult(1);

                public Task<int> Run(Ticket ticket)
                {
                    Func<Ticket, Task<int>> resolve = ResolveAsync;
                    return resolve(ticket);
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Theory]
    [InlineData(TargetRuntime.Net80)]
    [InlineData(TargetRuntime.Net100)]
    public async Task InterfaceCallReportsAtInvocation(TargetRuntime runtime)
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public interface ITriage
            {
                Task<int> TriageAsync(string ticketId);
            }

            public sealed class Triage : ITriage
            {
                [ApieRun("Triage {ticketId}")]
                public Task<int> TriageAsync(string ticketId) => Task.FromResult(1);
            }

            public static class Caller
            {
                public static async Task<int> Run(ITriage triage, Triage concrete)
                    => await {|#0:triage.TriageAsync("T-1")|} + await concrete.TriageAsync("T-2");
            }
            """;

        await Verify.VerifyAsync(
            source,
            runtime,
            Verify.Diagnostic(DiagnosticDescriptors.InterfaceCallUntraced).WithLocation(0).WithArguments("ITriage.TriageAsync", "Triage.TriageAsync"));
    }

    [Fact]
    public async Task BaseCallReportsAtInvocation()
    {
        const string source = """
            using Apie;

            namespace Shop;

            public abstract class Scorer
            {
                public abstract int Score(string ticketId);

                public virtual int Rank(string ticketId) => 0;
            }

            public sealed class UrgentScorer : Scorer
            {
                [ApieRun("Score {ticketId}")]
                public override int Score(string ticketId) => 10;

                [ApieRun("Rank {ticketId}")]
                public override int Rank(string ticketId) => 1;
            }

            public static class Caller
            {
                public static int Run(Scorer scorer) => {|#0:scorer.Score("T-1")|} + {|#1:scorer.Rank("T-1")|};
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.InterfaceCallUntraced).WithLocation(0).WithArguments("Scorer.Score", "UrgentScorer.Score"),
            Verify.Diagnostic(DiagnosticDescriptors.InterfaceCallUntraced).WithLocation(1).WithArguments("Scorer.Rank", "UrgentScorer.Rank"));
    }

    [Fact]
    public async Task ExplicitImplementationCallIsSilent()
    {
        const string source = """
            using Apie;

            namespace Shop;

            public interface IScorer
            {
                int Score(string ticketId);
            }

            public sealed class Scorer : IScorer
            {
                int IScorer.Score(string ticketId) => Score(ticketId);

                [ApieRun("Score {ticketId}")]
                public int Score(string ticketId) => 10;
            }

            public static class Caller
            {
                public static int Run(IScorer scorer) => scorer.Score("T-1");
            }
            """;

        // IScorer.Score reaches the explicit implementation, which carries no attribute and calls the traced method.
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task AttributedInterfaceMemberIsSilent()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public interface ITriage
            {
                [ApieRun("Triage {ticketId}")]
                Task<int> TriageAsync(string ticketId);
            }

            public sealed class Triage : ITriage
            {
                public Task<int> TriageAsync(string ticketId) => Task.FromResult(1);
            }

            public static class Caller
            {
                public static Task<int> Run(ITriage triage) => triage.TriageAsync("T-1");
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task UnattributedImplementationIsSilent()
    {
        const string source = """
            using System.Threading.Tasks;

            namespace Shop;

            public interface ITriage
            {
                Task<int> TriageAsync(string ticketId);
            }

            public sealed class Triage : ITriage
            {
                public Task<int> TriageAsync(string ticketId) => Task.FromResult(1);
            }

            public static class Caller
            {
                public static Task<int> Run(ITriage triage) => triage.TriageAsync("T-1");
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task OtherGenericInstantiationIsSilent()
    {
        // IStore<string>.Load cannot reach NumberStore, which implements only IStore<int>.
        const string source = """
            using Apie;

            namespace Shop;

            public interface IStore<T>
            {
                T Load(string key);
            }

            public sealed class NumberStore : IStore<int>
            {
                [ApieRun("Load {key}")]
                public int Load(string key) => key.Length;
            }

            public static class Caller
            {
                public static string Run(IStore<string> names, IStore<int> numbers)
                    => names.Load("a") + {|#0:numbers.Load("b")|};
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.InterfaceCallUntraced).WithLocation(0).WithArguments("IStore.Load", "NumberStore.Load"));
    }
}
