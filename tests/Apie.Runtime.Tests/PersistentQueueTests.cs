using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Apie.Testing;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>
/// <c>queueStoragePath</c>: a client that stops with items unsent leaves them in the file, and the next client
/// with the same path sends them once, in order, with the ids the first one already had.
/// </summary>
public sealed class PersistentQueueTests
{
    [Fact]
    public async Task UnsentItems_AreSentByTheNextClient()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "queue", "apie-queue.ndjson");

        // The first client's service refuses everything, so nothing leaves the process before shutdown.
        await using (var first = await LoopbackHarness.StartAsync(
            options => Persist(options, path),
            server => server.InjectFault("POST", "/", InjectedFault.Status(503))))
        {
            await RecordWorkAsync(first.Client, "first");
            await first.Client.ShutdownAsync();
            Assert.DoesNotContain(first.Server.Requests, r => r.IsSuccess() && r.Path != "/v1/agents/identify");
            Assert.Contains(first.Logs.Entries.Select(entry => entry.Message), m => m.Contains(path, StringComparison.Ordinal) && m.Contains("next start", StringComparison.Ordinal));
        }

        Assert.True(new FileInfo(path).Length > 0, "the queue file is empty after a shutdown with unsent items");

        await using var second = await LoopbackHarness.StartAsync(options => Persist(options, path));
        await second.Client.FlushAsync();

        var accepted = second.Server.Requests.Accepted().Where(r => r.Path != "/v1/agents/identify").ToList();
        Assert.Equal(
            ["POST /v1/sessions", "POST /v1/sessions/{id}/runs", "POST /v1/events", "POST /v1/runs/{id}/complete", "POST /v1/sessions/{id}/complete"],
            accepted.Select(Route));
        var events = second.Server.Events;
        Assert.Equal(["first.one", "first.two", "agent.error"], events.Select(e => e.Text("type")));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.GetProperty("sequence_number").GetInt64()));
        Assert.All(events, e => Assert.Equal(accepted[1].ResponseJson.Text("id"), e.Text("run_id")));
        Assert.Equal(events.Count, events.Select(e => e.Text("event_id")).Distinct().Count());
        Assert.Equal("failed", accepted[3].Json.Text("status"));

        // A third client finds nothing left to send.
        await second.Client.ShutdownAsync();
        await using var third = await LoopbackHarness.StartAsync(options => Persist(options, path));
        await third.Client.FlushAsync();
        Assert.DoesNotContain(third.Server.Requests, r => r.Path != "/v1/agents/identify");
    }

    [Fact]
    public async Task CreatedRun_KeepsItsServerIdAcrossRestart()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "apie-queue.ndjson");
        string runId;

        // Creations go through; events and completions fail, so they stay queued with the run's server id known.
        await using (var first = await LoopbackHarness.StartAsync(
            options => Persist(options, path),
            server =>
            {
                server.InjectFault("POST", "/v1/events", InjectedFault.Status(503));
                server.InjectFault("POST", "/v1/runs/", InjectedFault.Status(503));
            }))
        {
            await first.Client.WithRunAsync(() =>
            {
                first.Client.Track("kept.event");
                return Task.FromResult(0);
            });
            await first.Client.ShutdownAsync();
            runId = first.Server.Requests.Single(r => r.Path == "/v1/runs").ResponseJson.Text("id")!;
        }

        await using var second = await LoopbackHarness.StartAsync(options => Persist(options, path));
        await second.Client.FlushAsync();

        Assert.DoesNotContain(second.Server.Requests, r => r.Path == "/v1/runs");
        var evented = Assert.Single(second.Server.Events);
        Assert.Equal("kept.event", evented.Text("type"));
        Assert.Equal(runId, evented.Text("run_id"));
        Assert.Single(second.Server.Requests, r => r.Path == $"/v1/runs/{runId}/complete");
    }

    [Fact]
    public async Task EmptiedFile_StillKnowsTheRunOfLaterEvents()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "apie-queue.ndjson");
        var threshold = Apie.Queue.QueueJournal.TruncateAfterLines;
        Apie.Queue.QueueJournal.TruncateAfterLines = 10;
        try
        {
            string runId;
            await using (var first = await LoopbackHarness.StartAsync(options => Persist(options, path)))
            {
                var run = await first.Client.Runs.StartAsync(new ApieRunOptions { InputSummary = "long run" });
                for (var i = 0; i < 12; i++)
                {
                    first.Client.Track("before.empty");
                }

                // Everything so far is sent, so the file is emptied, while the run stays open.
                await first.Client.FlushAsync();
                Assert.Equal(0, new FileInfo(path).Length);
                runId = run.Id!;

                first.Server.InjectFault("POST", "/v1/events", InjectedFault.Status(503));
                await first.Client.WithRunAsync(() => Task.FromResult(0), new ApieRunOptions { InputSummary = "inner" });
                Apie.Context.AmbientContext.Current = run.Record;
                first.Client.Track("after.empty");
                Apie.Context.AmbientContext.Current = null;
                await first.Client.ShutdownAsync();
            }

            await using var second = await LoopbackHarness.StartAsync(options => Persist(options, path));
            await second.Client.FlushAsync();

            var evented = Assert.Single(second.Server.Events);
            Assert.Equal("after.empty", evented.Text("type"));
            Assert.Equal(runId, evented.Text("run_id"));
        }
        finally
        {
            Apie.Queue.QueueJournal.TruncateAfterLines = threshold;
        }
    }

    [Fact]
    public async Task TornLastLine_IsSkippedAndTheRestIsSent()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "apie-queue.ndjson");
        await using (var first = await LoopbackHarness.StartAsync(
            options => Persist(options, path),
            server => server.InjectFault("POST", "/", InjectedFault.Status(503))))
        {
            await first.Client.WithRunAsync(() =>
            {
                first.Client.Track("before.crash");
                return Task.FromResult(0);
            });
            await first.Client.ShutdownAsync();
        }

        // A process killed in the middle of a write leaves half a line.
        await File.AppendAllTextAsync(path, "{\"op\":\"add\",\"n\":99,\"kind\":\"ev");

        await using var second = await LoopbackHarness.StartAsync(options => Persist(options, path));
        await second.Client.FlushAsync();

        Assert.Equal(["before.crash"], second.Server.Events.Select(e => e.Text("type")));
        Assert.Contains(second.Logs.Entries.Select(entry => entry.Message), m => m.Contains("skipped 1 unreadable lines", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FileInUse_FallsBackToMemoryWithAWarning()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "apie-queue.ndjson");
        await using var first = await LoopbackHarness.StartAsync(options => Persist(options, path));
        await using var second = await LoopbackHarness.StartAsync(options => Persist(options, path));

        await second.Client.WithRunAsync(() => Task.FromResult(1));
        await second.Client.FlushAsync();

        Assert.Contains(second.Logs.Entries.Select(entry => entry.Message), m => m.Contains("cannot use the queue file", StringComparison.Ordinal));
        Assert.Single(second.Server.Requests, r => r.Path.EndsWith("/complete", StringComparison.Ordinal));
    }

    private static void Persist(ApieOptions options, string path)
    {
        options.QueueStoragePath = path;
        options.ShutdownTimeout = TimeSpan.FromMilliseconds(500);
        options.RetryAttempts = 1;
    }

    private static async Task RecordWorkAsync(ApieClient client, string prefix)
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.WithSessionAsync(() => client.WithRunAsync<int>(() =>
        {
            client.Track(prefix + ".one");
            client.Track(prefix + ".two");
            throw new InvalidOperationException("stops the run");
        })));
    }

    private static string Route(RecordedRequest request)
    {
        var segments = request.Path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].StartsWith("run_", StringComparison.Ordinal) || segments[i].StartsWith("ses_", StringComparison.Ordinal))
            {
                segments[i] = "{id}";
            }
        }

        return request.Method + " " + string.Join("/", segments);
    }
}
