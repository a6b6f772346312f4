using System;
using System.Linq;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// The ambient context: runs started inside a session method belong to it and name their enclosing run as
/// parent, and the caller's context is back once the call returns, also after asynchronous completion.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class NestingBehaviourTests
{
    private const string Source = """
        using System.Threading.Tasks;
        using Apie;

        namespace Nesting;

        public partial class Pipeline
        {
            [ApieSession(Kind = SessionKind.MultiAgent, InputSummary = "Plan {goal}")]
            public async Task<string> PlanAsync(string goal)
            {
                await Task.Yield();
                var first = await OrchestrateAsync(goal);
                var second = Count(goal);
                return first + "/" + second;
            }

            [ApieRun(Role = "orchestrator", StepKey = "orchestrate", StepName = "Orchestrate", StepIndex = 0)]
            public partial Task<string> OrchestrateAsync(string goal);

            private async Task<string> OrchestrateAsyncCore(string goal)
            {
                await Task.Delay(5);
                return await WorkAsync(goal) + "!";
            }

            [ApieRun(Role = "worker", StepKey = "work", StepIndex = 1)]
            public async Task<string> WorkAsync(string goal)
            {
                await Task.Yield();
                return goal.ToUpperInvariant();
            }

            [ApieRun(Role = "counter")]
            public int Count(string goal) => goal.Length;
        }

        public static class Scenario
        {
            public static async Task<string> RunAsync()
            {
                var pipeline = new Pipeline();
                var planned = await pipeline.PlanAsync("ship");

                // Outside the session again: this run must be a plain run, not a run of the finished session.
                var after = pipeline.Count("after");
                return planned + "|" + after;
            }
        }
        """;

    [Fact]
    public async Task SessionRunsNestAndContextRestores()
    {
        var assembly = CompiledAssembly.Build(Source);
        await using var apie = await LoopbackClient.StartAsync();

        var returned = await assembly.CallAsync("Nesting.Scenario", "RunAsync");

        Assert.Equal("SHIP!/4|5", returned);
        var requests = await apie.RecordedAsync();

        var sessionCreation = Assert.Single(requests, r => r.Path == "/v1/sessions");
        Assert.Equal("multi_agent", sessionCreation.Json.GetProperty("kind").GetString());
        Assert.Equal("Plan ship", sessionCreation.Json.GetProperty("input_summary").GetString());
        var sessionId = LoopbackClient.CreatedId(sessionCreation);

        var sessionRuns = requests.Where(r => r.Path == $"/v1/sessions/{sessionId}/runs").ToList();
        Assert.Equal(new[] { "orchestrator", "worker", "counter" }, sessionRuns.Select(r => LoopbackClient.String(r.Json, "role")));

        var orchestratorId = LoopbackClient.CreatedId(sessionRuns[0]);
        Assert.Null(LoopbackClient.String(sessionRuns[0].Json, "parent_run_id"));
        Assert.Equal("orchestrate", LoopbackClient.String(sessionRuns[0].Json, "step_key"));
        Assert.Equal("Orchestrate", LoopbackClient.String(sessionRuns[0].Json, "step_name"));
        Assert.Equal(0, sessionRuns[0].Json.GetProperty("step_index").GetInt32());
        Assert.Equal(orchestratorId, LoopbackClient.String(sessionRuns[1].Json, "parent_run_id"));
        Assert.Equal(1, sessionRuns[1].Json.GetProperty("step_index").GetInt32());

        // Count runs after the orchestrator finished, so the session is its only container.
        Assert.Null(LoopbackClient.String(sessionRuns[2].Json, "parent_run_id"));

        var plainRun = Assert.Single(requests, r => r.Path == "/v1/runs");
        Assert.Equal("Pipeline.Count", LoopbackClient.String(plainRun.Json, "input_summary"));

        var sessionCompletion = Assert.Single(requests, r => r.Path == $"/v1/sessions/{sessionId}/complete");
        Assert.Equal("completed", LoopbackClient.String(sessionCompletion.Json, "status"));
        foreach (var run in sessionRuns)
        {
            var completion = Assert.Single(requests, r => r.Path == $"/v1/runs/{LoopbackClient.CreatedId(run)}/complete");
            Assert.True(completion.Index < sessionCompletion.Index, "every run of the session completes before the session");
        }
    }
}
