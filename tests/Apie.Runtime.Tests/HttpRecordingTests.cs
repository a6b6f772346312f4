using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Xunit;

namespace Apie.Runtime.Tests;

public sealed class HttpRecordingTests
{
    [Fact]
    public async Task NestedRunInSession_SendsRequestsInOrder()
    {
        await using var harness = await LoopbackHarness.StartAsync(recordResponses: true);
        var client = harness.Client;

        var result = await client.WithSessionAsync(
            () => client.WithRunAsync(
                async () =>
                {
                    await Task.Yield();
                    return await client.WithRunAsync(
                        async () =>
                        {
                            await Task.Yield();
                            return 7;
                        },
                        new ApieRunOptions { Role = "worker", StepKey = "lookup", StepName = "Look up", StepIndex = 2, InputSummary = "Look up T-1" });
                },
                new ApieRunOptions { Role = "orchestrator" }),
            new ApieSessionOptions { Kind = SessionKind.MultiAgent, InputSummary = "Resolve T-1" });
        await client.FlushAsync();

        Assert.Equal(7, result);
        var responses = harness.Responses!;
        var agentId = responses.SuccessfulBodies("/v1/agents/identify").Single().Text("agent_id");
        var sessionId = responses.SuccessfulBodies("/v1/sessions").Single().Text("id");
        var runIds = responses.SuccessfulBodies($"/v1/sessions/{sessionId}/runs").Select(body => body.Text("id")).ToList();
        Assert.Equal(2, runIds.Count);
        var (outerId, nestedId) = (runIds[0], runIds[1]);

        var requests = harness.Server.Requests;
        string[] expected =
        [
            "POST /v1/agents/identify",
            "POST /v1/sessions",
            $"POST /v1/sessions/{sessionId}/runs",
            $"POST /v1/sessions/{sessionId}/runs",
            $"POST /v1/runs/{nestedId}/complete",
            $"POST /v1/runs/{outerId}/complete",
            $"POST /v1/sessions/{sessionId}/complete",
        ];
        Assert.Equal(expected, requests.Select(request => request.Line()));
        Assert.All(requests, request => Assert.True(request.IsSuccess(), $"{request.Line()} got {request.ResponseStatus}"));
        Assert.All(requests, request => Assert.Equal($"Bearer {LoopbackHarness.ApiKey}", request.Authorization));

        var session = requests[1].Json;
        Assert.Equal("multi_agent", session.Text("kind"));
        Assert.Equal(LoopbackHarness.AgentKey, session.Text("orchestrator_agent_key"));
        Assert.Equal(agentId, session.Text("orchestrator_agent_id"));
        Assert.Equal("Resolve T-1", session.Text("input_summary"));

        var outer = requests[2].Json;
        Assert.Equal("orchestrator", outer.Text("role"));
        Assert.Equal(agentId, outer.Text("agent_id"));
        Assert.Equal(LoopbackHarness.AgentKey, outer.Text("agent_key"));
        Assert.False(outer.Has("parent_run_id"));
        Assert.False(outer.Has("step_key"));
        Assert.False(outer.Has("step_index"));

        var nested = requests[3].Json;
        Assert.Equal(outerId, nested.Text("parent_run_id"));
        Assert.Equal(agentId, nested.Text("agent_id"));
        Assert.Equal("worker", nested.Text("role"));
        Assert.Equal("lookup", nested.Text("step_key"));
        Assert.Equal("Look up", nested.Text("step_name"));
        Assert.Equal(2, nested.GetProperty("step_index").GetInt32());
        Assert.Equal("Look up T-1", nested.Text("input_summary"));

        foreach (var completion in requests.Skip(4))
        {
            Assert.Equal("completed", completion.Json.Text("status"));
            Assert.Equal(JsonValueKind.Number, completion.Json.GetProperty("metadata").GetProperty("duration_ms").ValueKind);
        }
    }

    [Fact]
    public async Task RunOutsideSession_PostsToRuns()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        var result = await client.WithRunAsync(
            async () =>
            {
                await Task.Yield();
                return await client.WithRunAsync(() => Task.FromResult("inner"));
            },
            new ApieRunOptions { Role = "worker", StepKey = "ignored" });
        await client.FlushAsync();

        Assert.Equal("inner", result);
        var requests = harness.Server.Requests;
        Assert.All(requests, request => Assert.True(request.IsSuccess(), $"{request.Line()} got {request.ResponseStatus}"));
        var creations = requests.Where(request => request.Path == "/v1/runs").ToList();
        Assert.Equal(2, creations.Count);

        // Parent, role and step fields belong to session runs only, so a run outside a session sends none of them.
        Assert.All(creations, creation => Assert.False(creation.Json.Has("parent_run_id")));
        Assert.All(creations, creation => Assert.False(creation.Json.Has("role")));
        Assert.All(creations, creation => Assert.False(creation.Json.Has("step_key")));
        Assert.Equal(2, requests.Count(request => request.Path.EndsWith("/complete", StringComparison.Ordinal)));
    }
}
