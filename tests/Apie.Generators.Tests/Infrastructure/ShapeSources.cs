using System.Collections.Generic;

namespace Apie.Generators.Tests.Infrastructure;

/// <summary>One return shape: how a method of that shape is declared, its body, and how a caller awaits it.</summary>
internal sealed record Shape(string Name, string ReturnType, string Body, string OutputSummary, string CallAndReturn);

/// <summary>User code for every supported return shape, in both marking ways, with a caller for each.</summary>
internal static class ShapeSources
{
    public static readonly IReadOnlyList<Shape> All = new[]
    {
        new Shape("Void", "void", "Log.Add(order.Id + \":\" + count);", "done {count}", "worker.Handle(order, 2); return null;"),
        new Shape("Value", "int", "return count * 2;", "{result}", "return worker.Handle(order, 2);"),
        new Shape("Task", "async Task", "await Task.Yield(); Log.Add(order.Id);", "done", "await worker.Handle(order, 2); return null;"),
        new Shape("TaskOfT", "async Task<string>", "await Task.Yield(); return order.Id + count;", "{result.Length} chars", "return await worker.Handle(order, 2);"),
        new Shape("ValueTask", "async ValueTask", "await Task.Yield(); Log.Add(order.Id);", "done", "await worker.Handle(order, 2); return null;"),
        new Shape("ValueTaskOfT", "async ValueTask<string>", "await Task.Yield(); return order.Id + count;", "{result}", "return await worker.Handle(order, 2);"),
    };

    /// <summary>Returns the declaration's return type without <c>async</c>, as a partial definition writes it.</summary>
    public static string DeclaredReturnType(Shape shape) => shape.ReturnType.Replace("async ", "");

    /// <summary>The order type and the scenario that calls <c>Handle</c>, the same for both marking ways.</summary>
    private static string Shared(Shape shape) => $$"""
        public sealed class Order
        {
            public string Id { get; set; } = "";
        }

        public static class Scenario
        {
            public static async Task<object?> RunAsync()
            {
                await Task.Yield();
                var worker = new Worker();
                var order = new Order { Id = "A-1" };
                {{shape.CallAndReturn}}
            }
        }
        """;

    /// <summary>A class whose method <c>Handle</c> has a body: calls to it are intercepted.</summary>
    public static string WithBody(Shape shape) => $$"""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Apie;

        namespace Shop.Agents;

        public class Worker
        {
            public List<string> Log { get; } = new();

            [ApieRun("Handle {order.Id}", Role = "worker", StepKey = "handle", StepIndex = 1, OutputSummary = "{{shape.OutputSummary}}")]
            public {{shape.ReturnType}} Handle(Order order, int count)
            {
                {{shape.Body}}
            }
        }

        {{Shared(shape)}}
        """;

    /// <summary>A partial class whose method <c>Handle</c> has no body: the generator writes it and calls <c>HandleCore</c>.</summary>
    public static string Partial(Shape shape) => $$"""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Apie;

        namespace Shop.Agents;

        public partial class Worker
        {
            public List<string> Log { get; } = new();

            [ApieRun("Handle {order.Id}", Role = "worker", StepKey = "handle", StepIndex = 1, OutputSummary = "{{shape.OutputSummary}}")]
            public partial {{DeclaredReturnType(shape)}} Handle(Order order, int count);

            private {{shape.ReturnType}} HandleCore(Order order, int count)
            {
                {{shape.Body}}
            }
        }

        {{Shared(shape)}}
        """;
}
