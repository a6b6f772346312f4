using System.Linq;
using System.Threading.Tasks;
using Apie.Context;
using Apie.Runtime.Tests.Support;
using Xunit;

namespace Apie.Runtime.Tests;

public sealed class ManualLifecycleTests
{
    [Fact]
    public async Task ManualSessionAndRun_UseServerIds()
    {
        await using var harness = await LoopbackHarness.StartAsync(recordResponses: true);
        var client = harness.Client;

        var session = await client.Sessions.StartAsync(new ApieSessionOptions { Kind = SessionKind.Pipeline, InputSummary = "Nightly import" });
        var run = await client.Runs.StartAsync(new ApieRunOptions { Session = session, StepKey = "extract", StepIndex = 0 });
        var ambientAfterStart = AmbientContext.Current;
        await client.Runs.CompleteAsync(run, ApieRunStatus.Completed, "3 rows");
        await client.Runs.CompleteAsync(run, ApieRunStatus.Failed, "late failure");
        await client.Sessions.CompleteAsync(session, ApieSessionStatus.Completed, "imported");
        await client.Sessions.CompleteAsync(session, ApieSessionStatus.Cancelled);
        await client.FlushAsync();

        var responses = harness.Responses!;
        Assert.Equal(responses.SuccessfulBodies("/v1/sessions").Single().Text("id"), session.Id);
        Assert.Equal(responses.SuccessfulBodies($"/v1/sessions/{session.Id}/runs").Single().Text("id"), run.Id);
        Assert.Null(ambientAfterStart);
        Assert.Equal("completed", run.Status);
        Assert.Equal("completed", session.Status);

        var requests = harness.Server.Requests;
        string[] expected =
        [
            "POST /v1/agents/identify",
            "POST /v1/sessions",
            $"POST /v1/sessions/{session.Id}/runs",
            $"POST /v1/runs/{run.Id}/complete",
            $"POST /v1/sessions/{session.Id}/complete",
        ];
        Assert.Equal(expected, requests.Select(request => request.Line()));
        Assert.All(requests, request => Assert.True(request.IsSuccess(), $"{request.Line()} got {request.ResponseStatus}"));
        Assert.Equal("pipeline", requests[1].Json.Text("kind"));
        Assert.Equal("extract", requests[2].Json.Text("step_key"));
        Assert.Equal(0, requests[2].Json.GetProperty("step_index").GetInt32());
        Assert.Equal("completed", requests[3].Json.Text("status"));
        Assert.Equal("3 rows", requests[3].Json.GetProperty("metadata").Text("outputSummary"));
        Assert.Equal("completed", requests[4].Json.Text("status"));
        Assert.Equal("imported", requests[4].Json.Text("output_summary"));
        Assert.Empty(harness.Server.ErrorEvents());
    }

    [Fact]
    public async Task ManualRunFailed_SendsErrorAndStatus()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        var run = await client.Runs.StartAsync(new ApieRunOptions { InputSummary = "Sync accounts" });
        await client.Runs.CompleteAsync(run, ApieRunStatus.Failed, "upstream timed out");
        await client.FlushAsync();

        Assert.Matches("^run_[0-9a-f]{24}$", run.Id);
        Assert.Equal("failed", run.Status);
        var requests = harness.Server.Requests;
        var creation = Assert.Single(requests, request => request.Path == "/v1/runs");
        Assert.Equal("Sync accounts", creation.Json.Text("input_summary"));
        var completion = Assert.Single(requests, request => request.Path == $"/v1/runs/{run.Id}/complete");
        Assert.Equal("failed", completion.Json.Text("status"));
        var error = Assert.Single(harness.Server.ErrorEvents());
        Assert.Equal(run.Id, error.Text("run_id"));
        Assert.Equal("upstream timed out", error.GetProperty("error").Text("message"));
    }
}
