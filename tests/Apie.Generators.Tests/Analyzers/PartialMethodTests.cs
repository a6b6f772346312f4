using System.Threading.Tasks;
using Apie.Generators.Analyzers;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = Apie.Generators.Tests.Analyzers.AnalyzerVerifier<Apie.Generators.Analyzers.MethodAnalyzer>;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>
/// APIE0006: a partial method without the implementation method its generated body calls, and APIE0007: a partial
/// method inside a type that is not partial. The generator writes no body in either case, so the compiler also
/// reports CS8795 for the missing implementation part.
/// </summary>
public sealed class PartialMethodTests
{
    [Fact]
    public async Task MissingCoreReportsAtAttribute()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed partial class Worker
            {
                [{|#0:ApieRun("Resolve {ticket.Id}")|}]
                public partial Task<int> {|#1:ResolveAsync|}(Ticket ticket);
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.MissingImplementation).WithLocation(0).WithArguments("ResolveAsync", "ResolveAsyncCore"),
            DiagnosticResult.CompilerError("CS8795").WithLocation(1).WithArguments("Shop.Worker.ResolveAsync(Shop.Ticket)"));
    }

    [Theory]
    [InlineData("private Task<int> ResolveAsyncCore(Ticket ticket, int attempt) => Task.FromResult(attempt);")]
    [InlineData("private Task<long> ResolveAsyncCore(Ticket ticket) => Task.FromResult(1L);")]
    [InlineData("private Task<int> ResolveAsyncCore(ref Ticket ticket) => Task.FromResult(1);")]
    [InlineData("private static Task<int> ResolveAsyncCore(Ticket ticket) => Task.FromResult(1);")]
    [InlineData("private int ResolveAsyncCore => 1;")]
    public async Task CoreWithOtherSignatureReports(string core)
    {
        var source = $$"""
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed partial class Worker
            {
                [{|#0:ApieRun("Resolve {ticket.Id}")|}]
                public partial Task<int> {|#1:ResolveAsync|}(Ticket ticket);

                {{core}}
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.MissingImplementation).WithLocation(0).WithArguments("ResolveAsync", "ResolveAsyncCore"),
            DiagnosticResult.CompilerError("CS8795").WithLocation(1).WithArguments("Shop.Worker.ResolveAsync(Shop.Ticket)"));
    }

    [Fact]
    public async Task MissingNamedImplementationReports()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed partial class Worker
            {
                [{|#0:ApieSession("Handle {ticket.Id}", Implementation = "Coordinate")|}]
                public partial Task {|#1:HandleAsync|}(Ticket ticket);

                private Task HandleAsyncCore(Ticket ticket) => Task.CompletedTask;
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.MissingImplementation).WithLocation(0).WithArguments("HandleAsync", "Coordinate"),
            DiagnosticResult.CompilerError("CS8795").WithLocation(1).WithArguments("Shop.Worker.HandleAsync(Shop.Ticket)"));
    }

    [Fact]
    public async Task MatchingImplementationIsSilent()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed partial class Worker
            {
                [ApieRun("Resolve {ticket.Id}")]
                public partial Task<int> ResolveAsync(Ticket ticket);

                private Task<int> ResolveAsyncCore(Ticket ticket) => Task.FromResult(1);

                [ApieSession("Handle {ticket.Id}", Implementation = nameof(Coordinate))]
                public partial Task HandleAsync(Ticket ticket);

                private Task Coordinate(Ticket ticket) => Task.CompletedTask;

                [ApieRun("First of {items.Count}")]
                public partial T First<T>(IReadOnlyList<T> items);

                private TItem FirstCore<TItem>(IReadOnlyList<TItem> items) => items[0];

                [ApieRun]
                public static partial int Parse(string text, out bool valid);

                private static int ParseCore(string text, out bool valid)
                {
                    valid = int.TryParse(text, out var number);
                    return number;
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task NonPartialOuterTypeReports()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed class Desk
            {
                public sealed partial class Worker
                {
                    [{|#0:ApieRun("Resolve {ticket.Id}")|}]
                    public partial Task<int> {|#1:ResolveAsync|}(Ticket ticket);

                    private Task<int> ResolveAsyncCore(Ticket ticket) => Task.FromResult(1);
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticDescriptors.NotPartialContainer).WithLocation(0).WithArguments("ResolveAsync", "Desk"),
            DiagnosticResult.CompilerError("CS8795").WithLocation(1).WithArguments("Shop.Desk.Worker.ResolveAsync(Shop.Ticket)"));
    }

    [Fact]
    public async Task PartialOuterTypesAreSilent()
    {
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public static partial class Desk
            {
                public partial record struct Shift
                {
                    public sealed partial class Worker
                    {
                        [ApieRun("Resolve {ticket.Id}")]
                        public partial Task<int> ResolveAsync(Ticket ticket);

                        private Task<int> ResolveAsyncCore(Ticket ticket) => Task.FromResult(1);
                    }
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task UserWrittenPartialPartsAreSilent()
    {
        // A partial method whose implementation part the user wrote has a body, so the interceptor way applies.
        const string source = """
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public sealed record Ticket(string Id);

            public sealed class Desk
            {
                public sealed partial class Worker
                {
                    [ApieRun("Resolve {ticket.Id}")]
                    public partial Task<int> ResolveAsync(Ticket ticket);

                    public partial Task<int> ResolveAsync(Ticket ticket) => Task.FromResult(1);
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }
}
