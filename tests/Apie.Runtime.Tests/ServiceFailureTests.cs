using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Apie.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Apie.Runtime.Tests;

public sealed class ServiceFailureTests
{
    private const string FlushWarning = "stay queued for the next flush";

    [Fact]
    public async Task ServerErrors_KeepResultAndDeliverOnce()
    {
        const int faultCount = 6;
        await using var harness = await LoopbackHarness.StartAsync(
            options =>
            {
                options.FlushInterval = TimeSpan.FromMilliseconds(100);
                options.OnError = ApieErrorMode.Throw;
            },
            server => server.InjectFault("POST", "/v1/", InjectedFault.Status(500), faultCount));
        var client = harness.Client;

        var result = await client.WithRunAsync(async () =>
        {
            await Task.Yield();
            return 42;
        });
        await harness.Server.WaitUntilAsync(server => server.FaultsServed == faultCount, LoopbackHarness.WaitTimeout);
        await client.FlushAsync();

        Assert.Equal(42, result);
        var requests = harness.Server.Requests;
        Assert.Equal(faultCount, requests.Count(request => request.ResponseStatus == 500));
        var accepted = requests.Accepted();
        Assert.Equal(requests.Count - faultCount, accepted.Count);
        Assert.Equal(3, accepted.Count);
        Assert.Equal("POST /v1/agents/identify", accepted[0].Line());
        Assert.Equal("POST /v1/runs", accepted[1].Line());
        Assert.Matches("^POST /v1/runs/run_[0-9a-f]{24}/complete$", accepted[2].Line());
        Assert.Equal("completed", accepted[2].Json.Text("status"));

        var diagnostics = client.GetQueueDiagnostics();
        Assert.Equal(0, diagnostics.QueueSize);
        Assert.Equal(0, diagnostics.DroppedCount);
        Assert.True(diagnostics.RetryCount > 0, "A 500 must be retried.");
        Assert.Contains("HTTP 500", diagnostics.LastErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApieErrorMode.Throw)]
    [InlineData(ApieErrorMode.Warn)]
    [InlineData(ApieErrorMode.Silent)]
    public async Task FlushAsync_ServerDown_FollowsOnError(ApieErrorMode mode)
    {
        await using var harness = await LoopbackHarness.StartAsync(
            options => options.OnError = mode,
            server => server.InjectFault("POST", "/v1/", InjectedFault.Status(503)));
        var client = harness.Client;

        var result = await client.WithRunAsync(() => Task.FromResult("done"));
        if (mode == ApieErrorMode.Throw)
        {
            var error = await Assert.ThrowsAsync<ApieException>(() => client.FlushAsync());
            Assert.Contains("HTTP 503", error.Message, StringComparison.Ordinal);
        }
        else
        {
            await client.FlushAsync();
        }

        var flushWarnings = harness.Logs.MessagesAt(LogLevel.Warning).Where(message => message.Contains(FlushWarning, StringComparison.Ordinal)).ToList();
        harness.Server.ClearFaults();
        await client.FlushAsync();

        Assert.Equal("done", result);
        Assert.Equal(mode == ApieErrorMode.Warn ? 1 : 0, flushWarnings.Count);
        var accepted = harness.Server.Requests.Accepted().Select(request => request.Line()).ToList();
        Assert.Equal(3, accepted.Count);
        Assert.Equal("POST /v1/agents/identify", accepted[0]);
        Assert.Equal("POST /v1/runs", accepted[1]);
        Assert.EndsWith("/complete", accepted[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyRequests_WaitsForRetryAfter()
    {
        await using var harness = await LoopbackHarness.StartAsync(
            // Backoff alone would wait ten minutes, so a retry within the wait timeout must come from Retry-After.
            options => options.RetryBaseDelay = TimeSpan.FromMinutes(10),
            server => server.InjectFault("POST", "/v1/runs", InjectedFault.Status(429, TimeSpan.FromSeconds(1)), times: 1));
        var client = harness.Client;

        var result = await client.WithRunAsync(() => Task.FromResult(3));
        await harness.Server.WaitUntilAsync(server => server.Requests.Count(request => request.Path == "/v1/runs") == 2, LoopbackHarness.WaitTimeout);
        await client.FlushAsync();

        Assert.Equal(3, result);
        var requests = harness.Server.Requests;
        var creations = requests.Where(request => request.Path == "/v1/runs").Select(request => request.ResponseStatus).ToList();
        Assert.Equal([429, 201], creations);
        Assert.Single(requests, request => request.Path.EndsWith("/complete", StringComparison.Ordinal) && request.IsSuccess());
        Assert.Equal(1, client.GetQueueDiagnostics().RetryCount);
    }

    [Fact]
    public async Task RejectedRunCreation_DropsItsCompletion()
    {
        await using var harness = await LoopbackHarness.StartAsync(
            prepareServer: server => server.InjectFault("POST", "/v1/runs", InjectedFault.Status(400), times: 1));
        var client = harness.Client;
        using var timeout = new CancellationTokenSource(LoopbackHarness.WaitTimeout);
        Assert.True(await client.ReadyAsync(timeout.Token));

        var first = await client.WithRunAsync(() => Task.FromResult("first"));
        var second = await client.WithRunAsync(() => Task.FromResult("second"));
        await client.FlushAsync();

        Assert.Equal("first", first);
        Assert.Equal("second", second);
        var requests = harness.Server.Requests;
        var creations = requests.Where(request => request.Path == "/v1/runs").Select(request => request.ResponseStatus).ToList();
        Assert.Equal([400, 201], creations);
        var completion = Assert.Single(requests, request => request.Path.EndsWith("/complete", StringComparison.Ordinal));
        Assert.True(completion.IsSuccess());
        Assert.Matches("^/v1/runs/run_[0-9a-f]{24}/complete$", completion.Path);
        Assert.DoesNotContain(requests, request => request.Path.Contains("//", StringComparison.Ordinal));

        // Both the rejected creation and the completion that needed its id are given up.
        var diagnostics = client.GetQueueDiagnostics();
        Assert.Equal(2, diagnostics.DroppedCount);
        Assert.Equal(0, diagnostics.QueueSize);
        Assert.Contains("HTTP 400", diagnostics.LastErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DroppedConnection_IsRetried()
    {
        await using var harness = await LoopbackHarness.StartAsync(
            prepareServer: server => server.InjectFault("POST", "/v1/runs", InjectedFault.DropConnection(), times: 1));
        var client = harness.Client;

        var result = await client.WithRunAsync(() => Task.FromResult("kept"));
        await client.FlushAsync();

        Assert.Equal("kept", result);
        var requests = harness.Server.Requests;
        var creations = requests.Where(request => request.Path == "/v1/runs").Select(request => request.ResponseStatus).ToList();
        Assert.Equal([0, 201], creations);
        Assert.Single(requests, request => request.Path.EndsWith("/complete", StringComparison.Ordinal) && request.IsSuccess());
        Assert.Equal(0, client.GetQueueDiagnostics().DroppedCount);
    }

    [Fact]
    public async Task ShutdownAsync_ServerDown_CountsQueueAsDropped()
    {
        await using var harness = await LoopbackHarness.StartAsync(
            options => options.OnError = ApieErrorMode.Throw,
            server => server.InjectFault("POST", "/v1/", InjectedFault.Status(503)));
        var client = harness.Client;

        var result = await client.WithRunAsync(() => Task.FromResult("unsent"));
        await client.ShutdownAsync();
        var diagnostics = client.GetQueueDiagnostics();
        var flushAfterShutdown = await Record.ExceptionAsync(() => client.FlushAsync());

        Assert.Equal("unsent", result);
        Assert.DoesNotContain(harness.Server.Requests, request => request.IsSuccess());
        Assert.Contains(harness.Logs.MessagesAt(LogLevel.Warning), message => message.Contains("shut down with 3 queued items", StringComparison.Ordinal));

        // The registration, the run creation and its completion were given up at shutdown. They count as
        // dropped, so they must no longer count as queued, and a later flush has nothing left to fail on.
        Assert.Equal(3, diagnostics.DroppedCount);
        Assert.Equal(0, diagnostics.QueueSize);
        Assert.Null(flushAfterShutdown);
    }
}
