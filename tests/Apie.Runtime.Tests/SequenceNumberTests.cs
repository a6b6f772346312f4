using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>
/// Sequence numbers under concurrency: many tasks of one run record events at once, and the server must still
/// receive each run's <c>sequence_number</c> and each session's <c>session_sequence_number</c> as 1..N, in order.
/// </summary>
public sealed class SequenceNumberTests
{
    // Each task records two Track events, four events of a guarded tool (decision, call, request and
    // completion) and three of a step that records a Track event inside it.
    private const int EventsPerTask = 9;

    [Fact]
    public async Task ConcurrentTasksInRun_NumbersGapFree()
    {
        const int taskCount = 50;
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        await client.WithSessionAsync(() => client.WithRunAsync(() => RecordConcurrentlyAsync(client, taskCount, "solo")));
        await client.FlushAsync();

        var runId = Assert.Single(harness.Server.Requests, request => request.Path.EndsWith("/runs", StringComparison.Ordinal)).ResponseJson.Text("id");
        var events = harness.Server.Events;
        Assert.All(events, item => Assert.Equal(runId, item.Text("run_id")));
        Assert.Equal(taskCount * EventsPerTask, events.Count);
        Assert.Equal(taskCount, events.Count(item => item.Text("type") == "load.done"));

        AssertGapFreeAndInOrder(events, "sequence_number");
        AssertGapFreeAndInOrder(events, "session_sequence_number");
    }

    [Fact]
    public async Task ConcurrentRunsInSession_NumbersGapFree()
    {
        const int tasksPerRun = 25;
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        await client.WithSessionAsync(() => Task.WhenAll(
            client.WithRunAsync(() => RecordConcurrentlyAsync(client, tasksPerRun, "first")),
            client.WithRunAsync(() => RecordConcurrentlyAsync(client, tasksPerRun, "second"))));
        await client.FlushAsync();

        var sessionId = Assert.Single(harness.Server.Requests, request => request.Path == "/v1/sessions").ResponseJson.Text("id");
        var runIds = harness.Server.Requests.Where(request => request.Path == $"/v1/sessions/{sessionId}/runs").Select(request => request.ResponseJson.Text("id")).ToList();
        Assert.Equal(2, runIds.Count);

        var events = harness.Server.Events;
        Assert.Equal(2 * tasksPerRun * EventsPerTask, events.Count);
        Assert.All(events, item => Assert.Equal(sessionId, item.Text("session_id")));
        AssertGapFreeAndInOrder(events, "session_sequence_number");

        foreach (var runId in runIds)
        {
            var runEvents = events.Where(item => item.Text("run_id") == runId).ToList();
            Assert.Equal(tasksPerRun * EventsPerTask, runEvents.Count);
            AssertGapFreeAndInOrder(runEvents, "sequence_number");
        }
    }

    /// <summary>Starts <paramref name="taskCount"/> thread-pool tasks at once, each recording <see cref="EventsPerTask"/> events.</summary>
    private static async Task RecordConcurrentlyAsync(ApieClient client, int taskCount, string label)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, taskCount).Select(index => Task.Run(async () =>
        {
            await start.Task;
            client.Track("load.started", new Dictionary<string, object?> { ["label"] = label, ["index"] = index });
            await client.WithToolAsync(
                "kb.search",
                async () =>
                {
                    await Task.Yield();
                    return index;
                },
                new ApieToolOptions { PayloadSummary = $"{label} {index}" });
            await client.WithWorkflowStepAsync(
                "score",
                async () =>
                {
                    await Task.Yield();
                    client.Track("load.scored", new Dictionary<string, object?> { ["index"] = index });
                },
                new ApieWorkflowStepOptions { Index = index });
            client.Track("load.done", new Dictionary<string, object?> { ["label"] = label, ["index"] = index });
        })).ToList();

        start.SetResult();
        await Task.WhenAll(tasks);
    }

    /// <summary>Checks that <paramref name="property"/> takes each value 1..N once, and in that order of arrival.</summary>
    private static void AssertGapFreeAndInOrder(IReadOnlyList<JsonElement> events, string property)
    {
        var numbers = events.Select(item => item.GetProperty(property).GetInt64()).ToList();

        var duplicates = numbers.GroupBy(number => number).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        Assert.True(duplicates.Count == 0, $"{property} repeats: {string.Join(", ", duplicates)}");

        var expected = Enumerable.Range(1, numbers.Count).Select(number => (long)number).ToList();
        var missing = expected.Except(numbers).ToList();
        Assert.True(missing.Count == 0, $"{property} skips: {string.Join(", ", missing)}");

        var firstOutOfOrder = numbers.Zip(numbers.Skip(1), (previous, next) => (previous, next)).FirstOrDefault(pair => pair.next < pair.previous);
        Assert.True(firstOutOfOrder == default, $"{property} {firstOutOfOrder.next} arrived after {firstOutOfOrder.previous}.");
        Assert.Equal(expected, numbers);
    }
}
