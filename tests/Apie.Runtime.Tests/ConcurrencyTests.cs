using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace Apie.Runtime.Tests;

/// <summary>
/// Tests that load the machine. They run alone, after the parallel tests, so they neither slow the others into
/// their timeouts nor are slowed by them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "Load";
}

/// <summary>
/// Many runs from many tasks at once through one client: every run, completion and event reaches the server once,
/// each run's events are numbered 1..k in arrival order, and no event lands in another task's run.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class ConcurrencyTests
{
    private const int RunCount = 10_000;
    private const int TaskCount = 64;

    // The key of the run number in the metadata of the Track events.
    private const string RunNumberKey = "run_number";

    // In recording order: a Track event, the four events of an allowed guarded tool, and a second Track event.
    private static readonly string[] s_eventsPerRun =
    [
        "load.started",
        "agent.guardrail.evaluated",
        "agent.tool.called",
        "agent.action.requested",
        "agent.action.completed",
        "load.finished",
    ];

    // Generous, because the whole load is sent before the checks start. A test that reaches it has failed.
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(2);

    private readonly ITestOutputHelper _log;

    public ConcurrencyTests(ITestOutputHelper log)
    {
        _log = log;
    }

    [Fact]
    public async Task ManyConcurrentRuns_DeliveredOnceWithoutLeaks()
    {
        // The queue has room for the whole load, so a slow sender never makes it drop an event.
        await using var harness = await LoopbackHarness.StartAsync(options => options.MaxQueueSize = RunCount * s_eventsPerRun.Length);
        var client = harness.Client;
        var server = harness.Server;

        var stopwatch = Stopwatch.StartNew();
        var nextNumber = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, TaskCount).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            var mismatches = new List<string>();
            int number;
            while ((number = Interlocked.Increment(ref nextNumber)) <= RunCount)
            {
                var result = await RecordRunAsync(client, number);
                if (result != number)
                {
                    mismatches.Add($"run {number} got the tool result {result}");
                }
            }

            return mismatches;
        })).ToList();
        start.SetResult();
        var taskMismatches = (await Task.WhenAll(tasks)).SelectMany(list => list).ToList();
        var recorded = stopwatch.Elapsed;

        await client.FlushAsync();
        await server.WaitUntilAsync(s => s.Events.Count >= RunCount * s_eventsPerRun.Length, WaitTimeout);
        var sent = stopwatch.Elapsed;
        _log.WriteLine($"{RunCount} runs from {TaskCount} tasks: recorded in {recorded.TotalSeconds:0.0} s, all sent after {sent.TotalSeconds:0.0} s.");

        Assert.Empty(taskMismatches);

        // A guardrail request that failed or waited too long for its run's id would log a warning and fail open.
        Assert.Empty(harness.Logs.Entries.Where(entry => entry.Level >= LogLevel.Warning).Select(entry => entry.Message));
        var diagnostics = client.GetQueueDiagnostics();
        Assert.Equal(0, diagnostics.DroppedCount);
        Assert.Equal(0, diagnostics.DeduplicatedCount);
        Assert.Equal(0, diagnostics.QueueSize);

        var requests = server.Requests;
        var rejected = requests.Where(request => !request.IsSuccess()).Select(request => $"{request.Line()} -> {request.ResponseStatus}").Take(10).ToList();
        Assert.True(rejected.Count == 0, $"Requests were not accepted: {string.Join("; ", rejected)}");

        // Every run was created once, outside any other run, with its number in its input summary.
        var numberOfRun = new Dictionary<string, int>(StringComparer.Ordinal);
        var creations = requests.Where(request => request.Method == "POST" && request.Path == "/v1/runs").ToList();
        Assert.Equal(RunCount, creations.Count);
        foreach (var creation in creations)
        {
            var number = NumberIn(creation.Json.Text("input_summary"), "run ");
            Assert.False(creation.Json.Has("parent_run_id"), $"run {number} was created inside another run: {creation.Body}");
            Assert.True(numberOfRun.TryAdd(creation.ResponseJson.Text("id")!, number), $"The server returned one id for two runs: {creation.ResponseBody}");
        }

        Assert.Equal(Enumerable.Range(1, RunCount), numberOfRun.Values.Order());

        // Every run was completed once.
        var completions = requests
            .Where(request => request.Path.StartsWith("/v1/runs/", StringComparison.Ordinal) && request.Path.EndsWith("/complete", StringComparison.Ordinal))
            .GroupBy(request => request.Segment(2))
            .ToDictionary(group => group.Key, group => group.ToList());
        Assert.Equal(RunCount, completions.Count);
        foreach (var (runId, runCompletions) in completions)
        {
            Assert.True(numberOfRun.ContainsKey(runId), $"A completion names the unknown run {runId}.");
            Assert.True(runCompletions.Count == 1, $"run {numberOfRun[runId]} was completed {runCompletions.Count} times.");
            Assert.Equal("completed", runCompletions[0].Json.Text("status"));
        }

        // Every guardrail request names the run whose tool call it decides.
        var evaluations = requests.Where(request => request.Path == "/v1/guardrails/evaluate").ToList();
        Assert.Equal(RunCount, evaluations.Count);
        foreach (var evaluation in evaluations)
        {
            var runId = evaluation.Json.Text("run_id");
            Assert.True(runId is not null, $"A guardrail request names no run: {evaluation.Body}");
            Assert.True(numberOfRun.ContainsKey(runId), $"A guardrail request names the unknown run {runId}: {evaluation.Body}");
            var payloadSummary = evaluation.Json.GetProperty("metadata").Text("payload_summary");
            Assert.Equal(numberOfRun[runId], NumberIn(payloadSummary, "Search for run "));
        }

        // No event was lost or sent twice.
        var events = server.Events;
        Assert.Equal(RunCount * s_eventsPerRun.Length, events.Count);
        var eventIds = events.Select(item => item.Text("event_id")).ToList();
        Assert.Equal(events.Count, eventIds.Distinct(StringComparer.Ordinal).Count());

        // Per run: the expected events in recording order, numbered 1..k in arrival order, all carrying its number.
        var eventsByRun = events.GroupBy(item => item.Text("run_id") ?? "(none)").ToDictionary(group => group.Key, group => group.ToList());
        Assert.Equal(RunCount, eventsByRun.Count);
        foreach (var (runId, runEvents) in eventsByRun)
        {
            Assert.True(numberOfRun.TryGetValue(runId, out var number), $"Events name the unknown run {runId}.");
            Assert.Equal(s_eventsPerRun, runEvents.Select(item => item.Text("type")));
            Assert.Equal(Enumerable.Range(1, s_eventsPerRun.Length).Select(value => (long)value), runEvents.Select(item => item.GetProperty("sequence_number").GetInt64()));
            foreach (var item in runEvents)
            {
                Assert.Equal(number, NumberOfEvent(item));
            }
        }
    }

    /// <summary>Records run <paramref name="number"/>: a Track event, a guarded tool call that returns the number, and a second Track event.</summary>
    private static Task<int> RecordRunAsync(ApieClient client, int number)
        => client.WithRunAsync(
            async () =>
            {
                client.Track("load.started", new Dictionary<string, object?> { [RunNumberKey] = number });
                var result = await client.WithToolAsync(
                    "kb.search",
                    async () =>
                    {
                        await Task.Yield();
                        return number;
                    },
                    new ApieToolOptions { PayloadSummary = $"Search for run {number}", Guard = true });
                client.Track("load.finished", new Dictionary<string, object?> { [RunNumberKey] = number, ["result"] = result });
                return result;
            },
            new ApieRunOptions { InputSummary = $"run {number}" });

    /// <summary>Returns the run number an event carries: in its metadata for a Track event, else in its payload summary.</summary>
    private static int NumberOfEvent(JsonElement item)
    {
        if (item.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty(RunNumberKey, out var number))
        {
            return number.GetInt32();
        }

        return NumberIn(item.Text("payload_summary"), "Search for run ");
    }

    /// <summary>Parses the number after <paramref name="prefix"/>; throws when <paramref name="text"/> does not start with it.</summary>
    private static int NumberIn(string? text, string prefix)
    {
        Assert.NotNull(text);
        Assert.StartsWith(prefix, text, StringComparison.Ordinal);
        return int.Parse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
