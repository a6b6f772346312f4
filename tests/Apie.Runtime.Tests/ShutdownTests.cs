using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Apie.Testing;
using Xunit;

namespace Apie.Runtime.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task ShutdownAsync_SendsQueuedThenIgnoresWork()
    {
        // With an hour-long flush interval and few events, only shutdown can send the events.
        await using var harness = await LoopbackHarness.StartAsync(options => options.FlushInterval = TimeSpan.FromHours(1));
        var client = harness.Client;
        await client.FlushAsync();
        for (var number = 1; number <= 3; number++)
        {
            client.CaptureError(new InvalidOperationException($"queued {number}"));
        }

        var queuedBeforeShutdown = client.GetQueueDiagnostics().QueueSize;
        await client.ShutdownAsync();
        var requestsAfterShutdown = harness.Server.Requests.Count;
        var result = await client.WithRunAsync(() => Task.FromResult(9));
        client.CaptureError(new InvalidOperationException("after shutdown"));
        await client.FlushAsync();
        await client.ShutdownAsync();

        Assert.Equal(3, queuedBeforeShutdown);
        Assert.Equal(["queued 1", "queued 2", "queued 3"], harness.Server.ErrorEvents().Select(error => error.GetProperty("error").Text("message")));
        Assert.Equal(9, result);
        Assert.Equal(requestsAfterShutdown, harness.Server.Requests.Count);

        // The run creation, its completion and the error event queued after shutdown are dropped.
        var diagnostics = client.GetQueueDiagnostics();
        Assert.Equal(3, diagnostics.DroppedCount);
        Assert.Equal(0, diagnostics.QueueSize);
    }

    [Fact]
    public async Task ReadyAsync_Registered_ReturnsTrue()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        using var timeout = new CancellationTokenSource(LoopbackHarness.WaitTimeout);

        Assert.True(await harness.Client.ReadyAsync(timeout.Token));

        var identify = Assert.Single(harness.Server.Requests);
        Assert.Equal("POST /v1/agents/identify", identify.Line());
        Assert.Equal(200, identify.ResponseStatus);
        var agent = identify.Json.GetProperty("agent");
        Assert.Equal(LoopbackHarness.AgentKey, agent.Text("key"));
        Assert.Equal(LoopbackHarness.AgentName, agent.Text("name"));
        Assert.Equal("monitor", identify.Json.Text("mode"));
        Assert.Equal("csharp", identify.Json.GetProperty("runtime").Text("language"));
    }

    [Fact]
    public async Task ReadyAsync_IdentifyRejected_ReturnsFalse()
    {
        await using var harness = await LoopbackHarness.StartAsync(
            prepareServer: server => server.InjectFault("POST", "/v1/agents/identify", InjectedFault.Status(400), times: 1));
        var client = harness.Client;
        using var timeout = new CancellationTokenSource(LoopbackHarness.WaitTimeout);

        var ready = await client.ReadyAsync(timeout.Token);
        var result = await client.WithRunAsync(() => Task.FromResult("still runs"));
        await client.FlushAsync();

        Assert.False(ready);
        Assert.Equal("still runs", result);
        var requests = harness.Server.Requests;
        Assert.Equal(400, requests[0].ResponseStatus);
        var creation = Assert.Single(requests, request => request.Path == "/v1/runs");
        Assert.Equal(201, creation.ResponseStatus);
        Assert.Equal(LoopbackHarness.AgentKey, creation.Json.Text("agent_key"));
        Assert.False(creation.Json.Has("agent_id"));
    }

    [Fact]
    public async Task ReadyAsync_ShutdownGaveUpRegistration_ReturnsFalse()
    {
        await using var harness = await LoopbackHarness.StartAsync(
            prepareServer: server => server.InjectFault("POST", "/v1/", InjectedFault.Status(503)));
        var client = harness.Client;
        await client.ShutdownAsync();

        // Shutdown has already given the registration up, so a correct client returns false at once. The bound
        // only keeps a client that waits forever from stalling the suite.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var ready = client.ReadyAsync(timeout.Token);
        var waitError = await Record.ExceptionAsync(() => ready);

        Assert.Null(waitError);
        Assert.False(await ready);
        Assert.DoesNotContain(harness.Server.Requests, request => request.IsSuccess());
    }
}
