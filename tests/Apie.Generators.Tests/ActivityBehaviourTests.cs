using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// Generated wrappers and the <c>Apie</c> ActivitySource: a synchronous run around a synchronous tool, and an
/// iterator run, nest under the caller's Activity, and the caller's <see cref="Activity.Current"/> is restored
/// after the call and between the steps of the enumeration.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class ActivityBehaviourTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Diagnostics;
        using Apie;

        namespace Traced;

        public static class Agent
        {
            public static string? SeenInTool;

            public static readonly List<string?> SeenInStream = new();

            public static readonly List<string?> SeenBetweenItems = new();

            [ApieRun("Handle")]
            public static int Handle() => Lookup("query");

            [ApieTool("kb.search", Guard = false)]
            public static int Lookup(string query)
            {
                SeenInTool = Activity.Current?.DisplayName;
                return query.Length;
            }

            [ApieRun("Stream")]
            public static IEnumerable<int> Numbers()
            {
                for (var i = 0; i < 2; i++)
                {
                    SeenInStream.Add(Activity.Current?.DisplayName);
                    yield return i;
                }
            }
        }

        public static class Scenario
        {
            public static string Run()
            {
                var total = Agent.Handle();
                foreach (var number in Agent.Numbers())
                {
                    Agent.SeenBetweenItems.Add(Activity.Current?.DisplayName);
                    total += number;
                }

                return total.ToString();
            }
        }
        """;

    [Fact]
    public async Task GeneratedCalls_NestAndRestoreTheCallerActivity()
    {
        var assembly = CompiledAssembly.Build(Source);
        await using var apie = await LoopbackClient.StartAsync();
        var stopped = new ConcurrentQueue<Activity>();
        using var callerSource = new ActivitySource("Apie.Generators.Tests.Caller");
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Apie" or "Apie.Generators.Tests.Caller",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using var caller = callerSource.StartActivity("caller.request")!;
        var returned = assembly.Call("Traced.Scenario", "Run");

        Assert.Equal("6", returned);
        Assert.Same(caller, Activity.Current);
        Assert.Equal("execute_tool kb.search", assembly.Read("Traced.Agent", "SeenInTool"));
        var inStream = (List<string?>)assembly.Read("Traced.Agent", "SeenInStream")!;
        Assert.Equal(2, inStream.Count);
        Assert.All(inStream, name => Assert.StartsWith("invoke_agent ", name, StringComparison.Ordinal));
        var between = (List<string?>)assembly.Read("Traced.Agent", "SeenBetweenItems")!;
        Assert.Equal(new[] { "caller.request", "caller.request" }, between);

        var tree = stopped.Where(a => a.TraceId == caller.TraceId && a.Source.Name == "Apie").ToList();
        var runs = tree.Where(a => a.DisplayName.StartsWith("invoke_agent ", StringComparison.Ordinal)).ToList();
        var tool = Assert.Single(tree, a => a.DisplayName == "execute_tool kb.search");
        Assert.Equal(2, runs.Count);
        Assert.All(runs, run => Assert.Equal(caller.SpanId, run.ParentSpanId));
        Assert.Contains(runs, run => run.SpanId == tool.ParentSpanId);
        Assert.All(tree, activity => Assert.Equal(ActivityStatusCode.Ok, activity.Status));
    }
}
