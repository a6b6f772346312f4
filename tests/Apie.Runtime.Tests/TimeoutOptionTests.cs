using System;
using System.Linq;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Apie.Testing;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>
/// The bounds on waiting for the service: an outermost run stops waiting for its flush after
/// <c>CompletionFlushTimeout</c>, and shutdown gives up after <c>ShutdownTimeout</c>. The server is held far
/// longer than either bound, so each assertion shows which side finished first, not how long anything took.
/// </summary>
public sealed class TimeoutOptionTests
{
    private static readonly TimeSpan s_serverDelay = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task CompletionFlushTimeout_BoundsOutermostRun()
    {
        await using var harness = await LoopbackHarness.StartAsync(options => options.CompletionFlushTimeout = TimeSpan.FromMilliseconds(100));
        await harness.Client.ReadyAsync();
        harness.Server.InjectFault("POST", "/v1/runs", InjectedFault.Delay(s_serverDelay), times: 1);

        var result = await harness.Client.WithRunAsync(() => Task.FromResult(7));

        // The run's creation is still held by the server, so the call returned without waiting for it.
        Assert.Equal(7, result);
        Assert.DoesNotContain(harness.Server.Requests, request => request.Path == "/v1/runs");

        await harness.Client.FlushAsync();
        Assert.Single(harness.Server.Requests, request => request.Path == "/v1/runs");
        Assert.Single(harness.Server.Requests, request => request.Path.EndsWith("/complete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShutdownTimeout_BoundsShutdown()
    {
        await using var harness = await LoopbackHarness.StartAsync(options =>
        {
            options.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
            options.FlushInterval = TimeSpan.FromHours(1);
        });
        await harness.Client.ReadyAsync();
        harness.Server.InjectFault("POST", "/v1/events", InjectedFault.Delay(s_serverDelay));
        harness.Client.CaptureError(new InvalidOperationException("held"));

        await harness.Client.ShutdownAsync();

        // Shutdown returned while the server still held the batch, and counted the unsent event as dropped.
        Assert.DoesNotContain(harness.Server.Requests, request => request.Path == "/v1/events" && request.ResponseStatus == 200);
        Assert.Equal(1, harness.Client.GetQueueDiagnostics().DroppedCount);
        Assert.Equal(0, harness.Client.GetQueueDiagnostics().QueueSize);
    }
}
