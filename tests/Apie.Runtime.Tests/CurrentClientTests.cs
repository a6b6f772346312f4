using System.Linq;
using System.Threading.Tasks;
using Apie.Context;
using Apie.Runtime.Tests.Support;
using Xunit;

namespace Apie.Runtime.Tests;

[Collection(CurrentClientCollection.Name)]
public sealed class CurrentClientTests
{
    [Fact]
    public async Task GeneratedScopes_RecordInCurrentClient()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        Assert.Same(harness.Client, ApieClient.Current);

        var session = ApieGenerated.StartSession(SessionKind.Pipeline, "Import orders", null);
        var run = ApieGenerated.StartRun("Extract orders", "worker", "extract", "Extract", -1, null);
        var ambientRun = AmbientContext.Current?.Run;
        run.Complete("12 orders");
        run.Exit();
        var ambientAfterRun = AmbientContext.Current;
        session.Complete(null);
        session.Exit();
        await harness.Client.FlushAsync();

        Assert.NotNull(ambientRun);
        Assert.NotNull(ambientAfterRun);
        Assert.Null(ambientAfterRun.Run);
        Assert.Null(AmbientContext.Current);

        var requests = harness.Server.Requests;
        Assert.All(requests, request => Assert.True(request.IsSuccess(), $"{request.Line()} got {request.ResponseStatus}"));
        Assert.Equal("pipeline", Assert.Single(requests, request => request.Path == "/v1/sessions").Json.Text("kind"));
        var creation = Assert.Single(requests, request => request.Path.EndsWith("/runs", System.StringComparison.Ordinal)).Json;
        Assert.Equal("Extract orders", creation.Text("input_summary"));
        Assert.Equal("worker", creation.Text("role"));
        Assert.Equal("extract", creation.Text("step_key"));
        Assert.Equal("Extract", creation.Text("step_name"));

        // A negative step index means unset, and unset fields are left out of the request.
        Assert.False(creation.Has("step_index"));
        var completion = Assert.Single(requests, request => request.Path.StartsWith("/v1/runs/", System.StringComparison.Ordinal)).Json;
        Assert.Equal("12 orders", completion.GetProperty("metadata").Text("outputSummary"));
        Assert.Equal(
            ["POST /v1/agents/identify", "POST /v1/sessions"],
            requests.Take(2).Select(request => request.Line()));
    }
}
