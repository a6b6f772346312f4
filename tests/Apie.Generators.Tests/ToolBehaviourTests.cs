using System;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Apie.Testing;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// Executes generated tool wrappers against the loopback Apie server in enforce mode: the exact events of a tool
/// call that succeeds, throws or is blocked, for synchronous and asynchronous shapes in both marking ways.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class ToolBehaviourTests
{
    private static readonly string[] s_succeeded = { "agent.guardrail.evaluated", "agent.tool.called", "agent.action.requested", "agent.action.completed" };
    private static readonly string[] s_failed = { "agent.guardrail.evaluated", "agent.tool.called", "agent.action.requested", "agent.action.failed", "agent.error" };

    // The run around a blocked tool lets the exception pass, so the run records it.
    private static readonly string[] s_blocked = { "agent.guardrail.evaluated", "agent.error" };

    /// <summary>
    /// Each shape: its return type, its body (which counts calls and throws when asked), and the scenario call.
    /// <c>InTask</c> returns a task but takes an <c>in</c> parameter, which a lambda cannot capture, so its wrapper
    /// waits for the guardrails before the call.
    /// </summary>
    private static readonly (string Name, string Declaration, string Body, string Call, object? Result)[] s_shapes =
    {
        ("Value", "int Search(string query)", "{ Calls++; if (Fail) throw Boom; return query.Length; }", "return new Tools().Search(\"refund\");", 6),
        ("Void", "void Notify(string query)", "{ Calls++; if (Fail) throw Boom; }", "new Tools().Notify(\"refund\"); return null;", null),
        ("Task", "async Task SendAsync(string query)", "{ Calls++; await Task.Yield(); if (Fail) throw Boom; }", "await new Tools().SendAsync(\"refund\"); return null;", null),
        ("TaskOfT", "async Task<int> SearchAsync(string query)", "{ Calls++; await Task.Yield(); if (Fail) throw Boom; return query.Length; }", "return await new Tools().SearchAsync(\"refund\");", 6),
        ("ValueTaskOfT", "async ValueTask<int> SearchAsync(string query)", "{ Calls++; await Task.Yield(); if (Fail) throw Boom; return query.Length; }", "return await new Tools().SearchAsync(\"refund\");", 6),
        ("InTask", "Task<int> CountAsync(string query, in int seed)", "{ Calls++; if (Fail) throw Boom; return Task.FromResult(seed); }", "var seed = 6; return await new Tools().CountAsync(\"refund\", in seed);", 6),
    };

    public static TheoryData<string, bool, string> Cases
    {
        get
        {
            var data = new TheoryData<string, bool, string>();
            foreach (var shape in s_shapes)
            {
                foreach (var outcome in new[] { "succeeds", "throws", "blocked" })
                {
                    data.Add(shape.Name, false, outcome);
                    data.Add(shape.Name, true, outcome);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ToolCallSendsTheExactEvents(string shapeName, bool partial, string outcome)
    {
        var shape = s_shapes.Single(s => s.Name == shapeName);
        var assembly = CompiledAssembly.Build(Source(shape, partial));
        await using var apie = await LoopbackClient.StartAsync(
            options => options.Mode = ApieMode.Enforce,
            server => server.GuardrailRule = request => outcome == "blocked"
                ? new GuardrailVerdict("block", "refunds need a manager", "refund-limit")
                : GuardrailVerdict.Allow);
        var boom = (Exception)assembly.Read("Shop.Tools", "Boom")!;
        SetFail(assembly, outcome == "throws");

        Exception? caught = null;
        object? returned = null;
        try
        {
            returned = await assembly.CallAsync("Shop.Scenario", "RunAsync");
        }
        catch (Exception exception)
        {
            caught = exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;
        }

        await apie.Client.FlushAsync();
        var events = apie.Server.Events;
        var calls = (int)assembly.Read("Shop.Tools", "Calls")!;
        switch (outcome)
        {
            case "succeeds":
                Assert.Null(caught);
                Assert.Equal(shape.Result, returned);
                Assert.Equal(1, calls);
                Assert.Equal(s_succeeded, events.Select(Type));
                var completed = events[3].GetProperty("metadata");
                Assert.Equal(shape.Result?.ToString(), completed.TryGetProperty("result", out var result) ? result.GetString() : null);
                break;
            case "throws":
                Assert.Same(boom, caught);
                Assert.Equal(1, calls);
                Assert.Equal(s_failed, events.Select(Type));
                Assert.Equal("tool broke", events[3].GetProperty("error").GetProperty("message").GetString());
                break;
            default:
                var blocked = Assert.IsType<ApieGuardrailBlockedException>(caught);
                Assert.Equal("billing.refund", blocked.ToolName);
                Assert.Equal("refunds need a manager", blocked.Reason);
                Assert.Equal(0, calls);
                Assert.Equal(s_blocked, events.Select(Type));
                Assert.Equal("block", events[0].GetProperty("decision").GetProperty("effectiveDecision").GetString());
                break;
        }

        Assert.Equal(Enumerable.Range(1, events.Count).Select(n => (long)n), events.Select(e => e.GetProperty("sequence_number").GetInt64()));
        Assert.Single(events.Select(e => e.GetProperty("run_id").GetString()).Distinct());
        Assert.All(events.Take(outcome == "blocked" ? 1 : events.Count - (outcome == "throws" ? 1 : 0)), e =>
        {
            Assert.Equal("billing.refund", e.GetProperty("tool").GetProperty("name").GetString());
            Assert.Equal("high", e.GetProperty("tool").GetProperty("risk_level").GetString());
            Assert.Equal("update", e.GetProperty("action").GetProperty("type").GetString());
            Assert.Equal("payment", e.GetProperty("resource").GetProperty("type").GetString());
            Assert.Equal("refund", e.GetProperty("resource").GetProperty("external_id").GetString());
            Assert.Equal("Refund for refund", e.GetProperty("payload_summary").GetString());
        });

        var evaluate = Assert.Single(apie.Server.Requests, r => r.Path == "/v1/guardrails/evaluate");
        Assert.Equal(events[0].GetProperty("run_id").GetString(), evaluate.Json.GetProperty("run_id").GetString());
        Assert.Equal("enforce", evaluate.Json.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task AsyncToolReturnsItsTaskBeforeTheDecisionArrives()
    {
        var shape = s_shapes.Single(s => s.Name == "TaskOfT");
        var assembly = CompiledAssembly.Build(Source(shape, partial: false));
        await using var apie = await LoopbackClient.StartAsync(
            options => options.Mode = ApieMode.Enforce,
            server => server.InjectFault("POST", "/v1/guardrails/evaluate", InjectedFault.Delay(TimeSpan.FromMilliseconds(400))));
        SetFail(assembly, fail: false);

        // Outside any run, so the tool opens a run of its own.
        var task = (Task<int>)assembly.Call("Shop.Tools", "Direct")!;

        Assert.False(task.IsCompleted);
        Assert.Equal(0, (int)assembly.Read("Shop.Tools", "Calls")!);
        Assert.Equal(6, await task);
        Assert.Equal(1, (int)assembly.Read("Shop.Tools", "Calls")!);

        await apie.Client.FlushAsync();
        var creation = Assert.Single(apie.Server.Requests, r => r.Path == "/v1/runs");
        Assert.Equal("billing.refund", creation.Json.GetProperty("input_summary").GetString());
        Assert.Equal(s_succeeded, apie.Server.Events.Select(Type));
    }

    private static string Source((string Name, string Declaration, string Body, string Call, object? Result) shape, bool partial)
    {
        const string attribute = """[ApieTool("billing.refund", RiskLevel = RiskLevel.High, ActionType = "update", ResourceType = "payment", ExternalId = "{query}", PayloadSummary = "Refund for {query}")]""";
        var coreDeclaration = shape.Declaration.Replace("(", "Core(", StringComparison.Ordinal);
        var partialDeclaration = shape.Declaration.Replace("async ", "", StringComparison.Ordinal);
        var members = partial
            ? $$"""
                {{attribute}}
                public partial {{partialDeclaration}};

                private {{coreDeclaration}} {{shape.Body}}
            """
            : $$"""
                {{attribute}}
                public {{shape.Declaration}} {{shape.Body}}
            """;

        return $$"""
            using System;
            using System.Threading.Tasks;
            using Apie;

            namespace Shop;

            public partial class Tools
            {
                public static readonly Exception Boom = new InvalidOperationException("tool broke");

                public static int Calls;

                public static bool Fail;

                public static object? Direct() => {{(shape.Name == "TaskOfT" ? "new Tools().SearchAsync(\"refund\")" : "null")}};

            {{members}}
            }

            public static class Scenario
            {
                [ApieRun("Scenario")]
                public static async Task<object?> RunAsync()
                {
                    await Task.Yield();
                    {{shape.Call}}
                }
            }
            """;
    }

    private static void SetFail(CompiledAssembly assembly, bool fail)
    {
        assembly.Write("Shop.Tools", "Fail", fail);
        assembly.Write("Shop.Tools", "Calls", 0);
    }

    private static string? Type(JsonElement element) => element.GetProperty("type").GetString();
}
