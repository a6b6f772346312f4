using System.Collections.Generic;

namespace Apie.Benchmarks.Throughput;

/// <summary>One run of the throughput benchmark: the run's creation, two custom events, and its completion.</summary>
public sealed class ThroughputWork
{
    private static readonly KeyValuePair<string, object?>[] s_startedPayload = [new("step", "lookup"), new("attempt", 1)];
    private static readonly KeyValuePair<string, object?>[] s_completedPayload = [new("step", "lookup"), new("matches", 3)];

    private readonly ApieClient _client;

    /// <summary>Creates the work for runs that <paramref name="client"/> records.</summary>
    public ThroughputWork(ApieClient client)
    {
        _client = client;
    }

    /// <summary>Records one run with two events; wrapped by the generated interceptor at each call site.</summary>
    [ApieRun("Throughput run {index}")]
    public int RecordRun(int index)
    {
        _client.Track("bench.step.started", s_startedPayload);
        _client.Track("bench.step.completed", s_completedPayload);
        return index;
    }
}
