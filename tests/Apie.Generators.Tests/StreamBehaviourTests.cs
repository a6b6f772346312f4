using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Apie.Testing;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// Iterators and async streams: each enumeration is one run that is ambient while items are produced, and
/// that completes at the end of the stream, fails when it throws, honours the consumer's cancellation, and is
/// marked abandoned when the consumer stops early.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class StreamBehaviourTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Apie;

        namespace Streams;

        public partial class Feed
        {
            public static Exception? Thrown;

            [ApieRun("Numbers {count}")]
            public IEnumerable<int> Numbers(int count)
            {
                for (var i = 0; i < count; i++)
                {
                    yield return Tick(i);
                }
            }

            [ApieRun("Broken")]
            public IEnumerable<int> Broken()
            {
                yield return 1;
                Thrown = new InvalidOperationException("broken stream");
                throw Thrown;
            }

            [ApieRun("Async {count}", Role = "worker")]
            public async IAsyncEnumerable<int> NumbersAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                for (var i = 0; i < count; i++)
                {
                    await Task.Delay(1, cancellationToken);
                    yield return Tick(i);
                }
            }

            [ApieRun("Words {count}")]
            public partial IAsyncEnumerable<string> WordsAsync(int count);

            private async IAsyncEnumerable<string> WordsAsyncCore(int count)
            {
                for (var i = 0; i < count; i++)
                {
                    await Task.Yield();
                    yield return "w" + i;
                }
            }

            [ApieSession(Kind = SessionKind.Pipeline, InputSummary = "Sum")]
            public async Task<int> SumAsync()
            {
                var sum = 0;
                await foreach (var number in NumbersAsync(3))
                {
                    sum += number;
                }

                return sum;
            }

            [ApieRun("Tick {value}")]
            public int Tick(int value) => value;
        }

        public static class Scenario
        {
            public static async Task<string> RunAsync()
            {
                var feed = new Feed();
                var all = string.Join(",", feed.Numbers(3));

                var firstTwo = new List<int>();
                foreach (var number in feed.Numbers(5))
                {
                    firstTwo.Add(number);
                    if (firstTwo.Count == 2)
                    {
                        break;
                    }
                }

                Exception? caught = null;
                try
                {
                    foreach (var number in feed.Broken())
                    {
                    }
                }
                catch (InvalidOperationException exception)
                {
                    caught = exception;
                }

                var words = new List<string>();
                await foreach (var word in feed.WordsAsync(2))
                {
                    words.Add(word);
                }

                using var cancellation = new CancellationTokenSource();
                var received = 0;
                var cancelled = false;
                try
                {
                    await foreach (var number in feed.NumbersAsync(10).WithCancellation(cancellation.Token))
                    {
                        received++;
                        cancellation.Cancel();
                    }
                }
                catch (OperationCanceledException)
                {
                    cancelled = true;
                }

                var sum = await feed.SumAsync();
                return $"{all}|{string.Join(",", firstTwo)}|{ReferenceEquals(caught, Feed.Thrown)}|{string.Join(",", words)}|{received}:{cancelled}|{sum}";
            }
        }
        """;

    [Fact]
    public async Task EachEnumerationIsOneRun()
    {
        var assembly = CompiledAssembly.Build(Source);
        await using var apie = await LoopbackClient.StartAsync();

        var returned = await assembly.CallAsync("Streams.Scenario", "RunAsync");

        Assert.Equal("0,1,2|0,1|True|w0,w1|1:True|3", returned);
        var requests = await apie.RecordedAsync();

        var complete = Completion(requests, "Numbers 3");
        Assert.Equal("completed", LoopbackClient.String(complete, "status"));
        Assert.Equal(3, complete.GetProperty("metadata").GetProperty("items").GetInt32());
        Assert.False(complete.GetProperty("metadata").TryGetProperty("abandoned", out _));

        var early = Completion(requests, "Numbers 5");
        Assert.Equal("completed", LoopbackClient.String(early, "status"));
        Assert.Equal(2, early.GetProperty("metadata").GetProperty("items").GetInt32());
        Assert.True(early.GetProperty("metadata").GetProperty("abandoned").GetBoolean());

        var broken = Completion(requests, "Broken");
        Assert.Equal("failed", LoopbackClient.String(broken, "status"));
        var error = Assert.Single(apie.Server.Events);
        Assert.Equal("broken stream", error.GetProperty("error").GetProperty("message").GetString());

        var words = Completion(requests, "Words 2");
        Assert.Equal(2, words.GetProperty("metadata").GetProperty("items").GetInt32());

        var cancelled = Completion(requests, "Async 10");
        Assert.Equal("failed", LoopbackClient.String(cancelled, "status"));
        Assert.True(cancelled.GetProperty("metadata").GetProperty("cancelled").GetBoolean());
    }

    [Fact]
    public async Task StreamRunIsAmbientWhileProducing()
    {
        var assembly = CompiledAssembly.Build(Source);
        await using var apie = await LoopbackClient.StartAsync();

        await assembly.CallAsync("Streams.Scenario", "RunAsync");

        var requests = await apie.RecordedAsync();
        var session = Assert.Single(requests, r => r.Path == "/v1/sessions");
        var sessionRuns = requests.Where(r => r.Path == $"/v1/sessions/{LoopbackClient.CreatedId(session)}/runs").ToList();

        // The stream's run belongs to the session; each Tick runs while the stream produces, so it is a child.
        Assert.Equal(new[] { "Async 3", "Tick 0", "Tick 1", "Tick 2" }, sessionRuns.Select(r => LoopbackClient.String(r.Json, "input_summary")));
        var streamRunId = LoopbackClient.CreatedId(sessionRuns[0]);
        Assert.All(sessionRuns.Skip(1), tick => Assert.Equal(streamRunId, LoopbackClient.String(tick.Json, "parent_run_id")));

        // Outside a session, the ticks of "Numbers 3" are plain runs: the consumer's context stays empty.
        Assert.Equal(3 + 2 + 1, requests.Count(r => r.Path == "/v1/runs" && LoopbackClient.String(r.Json, "input_summary")!.StartsWith("Tick", StringComparison.Ordinal)));
    }

    private static JsonElement Completion(IReadOnlyList<RecordedRequest> requests, string inputSummary)
    {
        var creation = Assert.Single(requests, r => r.Path == "/v1/runs" && LoopbackClient.String(r.Json, "input_summary") == inputSummary);
        return Assert.Single(requests, r => r.Path == $"/v1/runs/{LoopbackClient.CreatedId(creation)}/complete").Json;
    }
}
