using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Xunit;

namespace Apie.Runtime.Tests;

public sealed class EventTests
{
    [Fact]
    public async Task CaptureError_NumbersPerRunAndSession()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        await client.WithSessionAsync(async () =>
        {
            await client.WithRunAsync(() => CaptureErrorsAsync(client, "first", 3));
            await client.WithRunAsync(() => CaptureErrorsAsync(client, "second", 2));
        });
        await client.FlushAsync();

        var errors = harness.Server.ErrorEvents();
        string[] expectedMessages = ["first 1", "first 2", "first 3", "second 1", "second 2"];
        Assert.Equal(expectedMessages, errors.Select(error => error.GetProperty("error").Text("message")));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], errors.Select(error => error.GetProperty("session_sequence_number").GetInt64()));
        Assert.Single(errors.Select(error => error.Text("session_id")).Distinct());

        var runIds = errors.Select(error => error.Text("run_id")).Distinct().ToList();
        Assert.Equal(2, runIds.Count);
        Assert.Equal([1L, 2L, 3L], SequenceNumbersOf(errors.Where(error => error.Text("run_id") == runIds[0])));
        Assert.Equal([1L, 2L], SequenceNumbersOf(errors.Where(error => error.Text("run_id") == runIds[1])));
    }

    [Fact]
    public async Task CaptureError_SixtyEvents_SplitsIntoBatches()
    {
        const int eventCount = 60;
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        await client.WithRunAsync(() => CaptureErrorsAsync(client, "event", eventCount));
        await client.FlushAsync();

        var batches = harness.Server.Requests.Where(request => request.Path == "/v1/events").ToList();
        Assert.All(batches, batch => Assert.True(batch.IsSuccess(), $"events request got {batch.ResponseStatus}"));
        var batchSizes = batches.Select(batch => batch.Json.GetProperty("events").GetArrayLength()).ToList();
        Assert.All(batchSizes, size => Assert.InRange(size, 1, 25));
        Assert.True(batches.Count >= 3, $"60 events need at least 3 requests of 25, but {batches.Count} were sent.");
        Assert.Equal(eventCount, batchSizes.Sum());

        var errors = harness.Server.ErrorEvents();
        Assert.Equal(eventCount, errors.Count);
        var eventIds = errors.Select(error => error.Text("event_id")!).ToList();
        Assert.Equal(eventCount, eventIds.Distinct(StringComparer.Ordinal).Count());
        Assert.All(eventIds, id => Assert.True(Guid.TryParse(id, out _), $"event_id '{id}' is not a UUID."));
        Assert.Equal(Enumerable.Range(1, eventCount).Select(number => (long)number), SequenceNumbersOf(errors));
        Assert.Equal(Enumerable.Range(1, eventCount).Select(number => $"event {number}"), errors.Select(error => error.GetProperty("error").Text("message")));
    }

    private static async Task<int> CaptureErrorsAsync(ApieClient client, string prefix, int count)
    {
        await Task.Yield();
        for (var number = 1; number <= count; number++)
        {
            client.CaptureError(new InvalidOperationException($"{prefix} {number}"));
        }

        return count;
    }

    private static List<long> SequenceNumbersOf(IEnumerable<System.Text.Json.JsonElement> errors)
        => errors.Select(error => error.GetProperty("sequence_number").GetInt64()).ToList();
}
