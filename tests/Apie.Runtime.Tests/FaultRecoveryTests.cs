using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Apie.Testing;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>
/// The service misbehaves while an agent works, then recovers: every event arrives exactly once, in order per run,
/// nothing is dropped, and the user's calls return their own results without waiting on the failing service.
/// </summary>
public sealed class FaultRecoveryTests
{
    private const int RunCount = 20;
    private const int TracksPerRun = 5;

    // Each run: its custom events, then the tool's called, requested and completed events.
    private const int EventsPerRun = TracksPerRun + 3;

    /// <summary>How long one user call may take at most while the service fails: well above the completion flush bound.</summary>
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(3);

    public enum Fault
    {
        /// <summary>The first requests get 500, then the service works.</summary>
        ServerErrorsThenRecovery,

        /// <summary>The first requests get 429 with <c>Retry-After</c>.</summary>
        TooManyRequests,

        /// <summary>The first requests take longer than the client's timeout.</summary>
        SlowerThanTimeout,

        /// <summary>The first requests lose their connection without a response.</summary>
        DroppedConnections,
    }

    [Theory]
    [InlineData(Fault.ServerErrorsThenRecovery)]
    [InlineData(Fault.TooManyRequests)]
    [InlineData(Fault.SlowerThanTimeout)]
    [InlineData(Fault.DroppedConnections)]
    public async Task FaultThenRecovery_DeliversEveryEventOnce(Fault fault)
    {
        await using var harness = await LoopbackHarness.StartAsync(
            options =>
            {
                options.CompletionFlushTimeout = TimeSpan.FromMilliseconds(200);

                // Only the slow case needs a short timeout. Elsewhere a loaded machine could respond later than a
                // short timeout after the server did the work, and the retried creation would create a second run.
                if (fault == Fault.SlowerThanTimeout)
                {
                    options.Timeout = TimeSpan.FromSeconds(1);
                }
            },
            server => Inject(server, fault));
        var client = harness.Client;

        var durations = await RunWorkloadAsync(client);
        await DrainAsync(client);

        Assert.True(harness.Server.FaultsServed > 0, "the injected fault never applied");
        Assert.All(durations, duration => Assert.True(duration < CallBound, $"a call took {duration.TotalMilliseconds:0} ms while the service failed"));
        AssertDeliveredOnce(harness.Server, client);
    }

    [Fact]
    public async Task ServerDownForTheWholeRun_DeliversAfterItStarts()
    {
        // Find a free port, then leave nothing listening on it while the agent works.
        int port;
        await using (var probe = await LoopbackApieServer.StartAsync())
        {
            port = probe.BaseUrl.Port;
        }

        var logs = new RecordingLoggerFactory();
        var client = ApieClient.Create(new ApieOptions
        {
            ApiKey = LoopbackHarness.ApiKey,
            BaseUrl = new Uri($"http://127.0.0.1:{port}/"),
            ReadExternalConfiguration = false,
            LoggerFactory = logs,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            CompletionFlushTimeout = TimeSpan.FromMilliseconds(200),
            Agent = { Key = LoopbackHarness.AgentKey, Name = LoopbackHarness.AgentName },
        });
        try
        {
            var durations = await RunWorkloadAsync(client);
            Assert.All(durations, duration => Assert.True(duration < CallBound, $"a call took {duration.TotalMilliseconds:0} ms while the service was down"));
            Assert.True(client.GetQueueDiagnostics().QueueSize > 0, "nothing stayed queued while the service was down");

            await using var server = await LoopbackApieServer.StartAsync(port);
            server.ExpectedApiKey = LoopbackHarness.ApiKey;
            await DrainAsync(client);

            AssertDeliveredOnce(server, client);
        }
        finally
        {
            await client.ShutdownAsync();
        }
    }

    private static void Inject(LoopbackApieServer server, Fault fault)
    {
        switch (fault)
        {
            case Fault.ServerErrorsThenRecovery:
                server.InjectFault("POST", "/v1/", InjectedFault.Status(500), times: 12);
                break;
            case Fault.TooManyRequests:
                server.InjectFault("POST", "/v1/", InjectedFault.Status(429, TimeSpan.FromMilliseconds(100)), times: 6);
                break;
            case Fault.SlowerThanTimeout:
                server.InjectFault("POST", "/v1/", InjectedFault.Delay(TimeSpan.FromSeconds(4)), times: 6);
                break;
            default:
                server.InjectFault("POST", "/v1/", InjectedFault.DropConnection(), times: 12);
                break;
        }
    }

    /// <summary>Runs the agent's work, and returns how long each outermost call took.</summary>
    private static async Task<List<TimeSpan>> RunWorkloadAsync(ApieClient client)
    {
        var durations = new List<TimeSpan>();
        for (var run = 0; run < RunCount; run++)
        {
            var number = run;
            var watch = Stopwatch.StartNew();
            var result = await client.WithRunAsync(async () =>
            {
                for (var track = 0; track < TracksPerRun; track++)
                {
                    client.Track("work.step", new Dictionary<string, object?> { ["run"] = number, ["step"] = track });
                }

                return await client.WithToolAsync("kb.search", () => Task.FromResult(number * 2), new ApieToolOptions { Guard = false });
            });
            durations.Add(watch.Elapsed);
            Assert.Equal(number * 2, result);
        }

        return durations;
    }

    /// <summary>Flushes until the queue is empty: a request that still fails after its retries stays for the next flush.</summary>
    private static async Task DrainAsync(ApieClient client)
    {
        for (var attempt = 0; attempt < 60 && client.GetQueueDiagnostics().QueueSize > 0; attempt++)
        {
            await client.FlushAsync();
        }

        Assert.Equal(0, client.GetQueueDiagnostics().QueueSize);
    }

    private static void AssertDeliveredOnce(LoopbackApieServer server, ApieClient client)
    {
        var accepted = server.Requests.Accepted();
        Assert.Equal(RunCount, accepted.Count(r => r.Path == "/v1/runs"));
        Assert.Equal(RunCount, accepted.Count(r => r.Path.EndsWith("/complete", StringComparison.Ordinal)));

        var events = server.Events;
        Assert.Equal(RunCount * EventsPerRun, events.Count);
        Assert.Equal(events.Count, events.Select(e => e.Text("event_id")).Distinct().Count());

        // Events of one run arrive in the order of their sequence numbers, from 1 without gaps.
        foreach (var run in events.GroupBy(e => e.Text("run_id")))
        {
            Assert.Equal(Enumerable.Range(1, EventsPerRun).Select(n => (long)n), run.Select(e => e.GetProperty("sequence_number").GetInt64()));
        }

        var diagnostics = client.GetQueueDiagnostics();
        Assert.Equal(0, diagnostics.DroppedCount);
    }
}
