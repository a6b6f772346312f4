using System.Linq;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// Generic methods and generic containing types with every constraint kind, struct receivers, and members
/// reached through interfaces and virtual dispatch, in both marking ways: the values are those of the
/// unwrapped code, and every call records one run.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class GenericBehaviourTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Apie;

        namespace Generic;

        public interface IShape
        {
            double Area { get; }
        }

        public class Square : IShape
        {
            public double Side { get; set; } = 2;

            public double Area => Side * Side;
        }

        public static class Constraints
        {
            [ApieRun("Describe {value}")]
            public static string Describe<TRef, TVal, TUnmanaged, TNotNull, TNew, TBase, TShape>(
                TRef? reference, TVal value, TUnmanaged raw, TNotNull key, TBase baseValue, TShape shape)
                where TRef : class?
                where TVal : struct
                where TUnmanaged : unmanaged
                where TNotNull : notnull
                where TNew : new()
                where TBase : Exception
                where TShape : IShape
                => $"{reference is null}:{value}:{raw}:{key}:{new TNew() is not null}:{baseValue.Message}:{shape.Area}";

            [ApieRun("Echo {value}")]
            public static string Echo<T>(T value) => "echo " + value;

            // A call by a generic name alone, with explicit type arguments, is a generic name syntax, not an identifier.
            public static string Relay() => Echo<int>(4);
        }

        public partial class Outer<TKey> where TKey : notnull
        {
            public partial class Inner<TValue> where TValue : class
            {
                private readonly Dictionary<TKey, TValue> _items = new();

                [ApieRun("Put {key}", Role = "worker")]
                public async Task<int> PutAsync<TTag>(TKey key, TValue value, TTag tag)
                    where TTag : struct, IComparable<TTag>
                {
                    await Task.Yield();
                    _items[key] = value;
                    return _items.Count + tag.CompareTo(default);
                }

                [ApieRun("Get {key}")]
                public partial TValue? Get<TFallback>(TKey key, TFallback fallback) where TFallback : TValue;

                private TValue? GetCore<TFallback>(TKey key, TFallback fallback) where TFallback : TValue
                    => _items.TryGetValue(key, out var value) ? value : fallback;
            }
        }

        public struct Counter
        {
            public int Count;

            [ApieRun]
            public int Increment(int by) => Count += by;

            [ApieRun]
            public readonly int Peek() => Count;
        }

        public readonly record struct Money(decimal Amount)
        {
            [ApieRun("Add {other.Amount}")]
            public Money Add(Money other) => new(Amount + other.Amount);
        }

        public interface IGreeter
        {
            [ApieRun("Greet {name}")]
            string Greet(string name);
        }

        public abstract class Animal
        {
            [ApieRun]
            public abstract string Sound();

            [ApieRun]
            public virtual string Name() => "animal";
        }

        public sealed class Dog : Animal, IGreeter
        {
            public override string Sound() => "woof";

            public override string Name() => "dog";

            public string Greet(string name) => "hi " + name;
        }

        public static class Scenario
        {
            public static async Task<string> RunAsync()
            {
                var described = Constraints.Describe<string, int, byte, Guid, List<int>, InvalidOperationException, Square>(
                    null, 5, 7, Guid.Empty, new InvalidOperationException("base"), new Square());

                var inner = new Outer<string>.Inner<Uri>();
                var count = await inner.PutAsync("home", new Uri("https://example.org/"), 3);
                var found = inner.Get("home", new Uri("https://fallback.example/"));
                var missing = inner.Get("away", new Uri("https://fallback.example/"));

                var counter = new Counter();
                counter.Increment(2);
                counter.Increment(3);
                var peeked = counter.Peek();

                var money = new Money(1.5m).Add(new Money(2.25m));

                IGreeter greeter = new Dog();
                Animal animal = new Dog();
                var animalText = animal.Sound() + "/" + animal.Name();

                return string.Join("|", described, Constraints.Relay(), count, found, missing, counter.Count, peeked, money.Amount, greeter.Greet("Ada"), animalText);
            }
        }
        """;

    [Fact]
    public async Task GenericsStructsAndDispatchKeepValues()
    {
        var assembly = CompiledAssembly.Build(Source);
        await using var apie = await LoopbackClient.StartAsync();

        var returned = await assembly.CallAsync("Generic.Scenario", "RunAsync");

        Assert.Equal(
            "True:5:7:00000000-0000-0000-0000-000000000000:True:base:4|echo 4|2|https://example.org/|https://fallback.example/|5|5|3.75|hi Ada|woof/dog",
            returned);

        var requests = await apie.RecordedAsync();
        var summaries = requests
            .Where(r => r.Path == "/v1/runs")
            .Select(r => LoopbackClient.String(r.Json, "input_summary"))
            .ToList();
        LoopbackClient.AssertSameItems(new[]
            {
                "Describe 5", "Echo 4", "Put home", "Get home", "Get away", "Counter.Increment", "Counter.Increment",
                "Counter.Peek", "Add 2.25", "Animal.Sound", "Animal.Name", "Greet Ada",
            }, summaries);
        Assert.Equal(summaries.Count, requests.Count(r => r.Path.EndsWith("/complete", System.StringComparison.Ordinal)));
    }
}
