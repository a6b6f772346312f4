using System.Linq;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// The remaining pairs of shape and marking way: partial records with in parameters and ref returns, internal
/// and protected partial methods, partial iterators and overloads, every constraint kind on a partial method,
/// and, through interceptors, ref readonly returns, params collections and a type parameter bound by another.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class CoverageBehaviourTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Apie;

        namespace Coverage;

        public partial record Ledger(string Name)
        {
            private readonly int[] _cells = { 5, 6 };

            [ApieRun("Cell {index}")]
            public partial ref int Cell(in int index);

            private ref int CellCore(in int index) => ref _cells[index];

            public int First => _cells[0];
        }

        public partial record struct Point(int X, int Y)
        {
            [ApieRun("Shift {by}")]
            public partial Point Shift(in int by);

            private Point ShiftCore(in int by) => new(X + by, Y + by);
        }

        public partial class Library
        {
            private readonly int[] _shelf = { 1, 2, 3 };

            [ApieRun("Internal {value}")]
            internal int Internal(int value) => value + 1;

            [ApieRun("Internal partial {value}")]
            internal partial int InternalPartial(int value);

            private int InternalPartialCore(int value) => value + 2;

            [ApieRun("Protected {value}")]
            protected partial int Protected(int value);

            private int ProtectedCore(int value) => value + 3;

            public int CallProtected(int value) => Protected(value);

            [ApieRun("Count {upTo}")]
            public partial IEnumerable<int> Count(int upTo);

            private IEnumerable<int> CountCore(int upTo)
            {
                for (var i = 1; i <= upTo; i++)
                {
                    yield return i;
                }
            }

            [ApieRun("Label {value}")]
            public partial string Label(int value);

            [ApieRun("Label {value}")]
            public partial string Label(string value);

            private string LabelCore(int value) => "int " + value;

            private string LabelCore(string value) => "string " + value;

            [ApieRun("Constrained")]
            public partial string Constrained<TStruct, TClass, TUnmanaged, TNotNull, TNew, TBase>(TStruct a, TClass b, TUnmanaged c, TNotNull d, TBase e)
                where TStruct : struct
                where TClass : class
                where TUnmanaged : unmanaged
                where TNotNull : notnull
                where TNew : new()
                where TBase : Exception;

            private string ConstrainedCore<TStruct, TClass, TUnmanaged, TNotNull, TNew, TBase>(TStruct a, TClass b, TUnmanaged c, TNotNull d, TBase e)
                where TStruct : struct
                where TClass : class
                where TUnmanaged : unmanaged
                where TNotNull : notnull
                where TNew : new()
                where TBase : Exception
                => $"{a}{b}{c}{d}{new TNew() is not null}{e.Message}";

            [ApieRun("Shelf {index}")]
            public ref readonly int Shelf(int index) => ref _shelf[index];

            [ApieRun("Sum")]
            public int Sum(params List<int> values) => values.Sum();

            [ApieRun("Narrow")]
            public static TBase Narrow<TBase, TDerived>(TDerived value) where TDerived : TBase => value;
        }

        public static class Scenario
        {
            public static Task<string> RunAsync()
            {
                var ledger = new Ledger("main");
                ledger.Cell(0) = 50;
                var point = new Point(1, 2).Shift(3);

                var library = new Library();
                var counted = string.Join(",", library.Count(3));
                var results = new object[]
                {
                    ledger.First,
                    point.X + point.Y,
                    library.Internal(1),
                    library.InternalPartial(1),
                    library.CallProtected(1),
                    counted,
                    library.Label(4) + "/" + library.Label("four"),
                    library.Constrained<int, string, byte, Guid, List<int>, InvalidOperationException>(1, "b", 3, Guid.Empty, new InvalidOperationException("e")),
                    library.Shelf(2),
                    library.Sum(1, 2, 3),
                    Library.Narrow<Exception, ArgumentException>(new ArgumentException("narrowed")).Message,
                };
                return Task.FromResult(string.Join("|", results));
            }
        }
        """;

    [Fact]
    public async Task RemainingShapesKeepValues()
    {
        var assembly = CompiledAssembly.Build(Source);
        await using var apie = await LoopbackClient.StartAsync();

        var returned = await assembly.CallAsync("Coverage.Scenario", "RunAsync");

        Assert.Equal(
            "50|9|2|3|4|1,2,3|int 4/string four|1b300000000-0000-0000-0000-000000000000Truee|3|6|narrowed",
            returned);

        var requests = await apie.RecordedAsync();
        var summaries = requests.Where(r => r.Path == "/v1/runs").Select(r => LoopbackClient.String(r.Json, "input_summary")).ToList();
        LoopbackClient.AssertSameItems(new[]
            {
                "Cell 0", "Shift 3", "Count 3", "Internal 1", "Internal partial 1", "Protected 1", "Label 4", "Label four",
                "Constrained", "Shelf 2", "Sum", "Narrow",
            }, summaries);
    }
}
