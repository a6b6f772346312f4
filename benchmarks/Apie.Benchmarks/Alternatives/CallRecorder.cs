using System;
using System.Diagnostics;
using System.Threading;

namespace Apie.Benchmarks.Alternatives;

/// <summary>
/// The bookkeeping that every alternative to Apie does for a wrapped call: count the start, then write the
/// completion (name, duration, outcome) into a preallocated ring. Nothing is allocated per call. Threads that
/// write the same slot at once may tear an entry, which no benchmark reads.
/// </summary>
public sealed class CallRecorder
{
    private const int Capacity = 4096;

    private readonly CallEntry[] _ring = new CallEntry[Capacity];
    private long _started;
    private long _completed;

    /// <summary>The recorder that the aspect and the proxy interceptor use; one per process.</summary>
    public static CallRecorder Shared { get; } = new();

    /// <summary>The number of calls started.</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>The number of calls completed, by success or failure.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Counts a started call and returns its start timestamp, in <see cref="Stopwatch"/> ticks.</summary>
    public long Start()
    {
        Interlocked.Increment(ref _started);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Counts a started call whose start the caller measures itself.</summary>
    public void CountStart() => Interlocked.Increment(ref _started);

    /// <summary>Records the completion of a call that <see cref="Start"/> counted.</summary>
    public void Complete(string name, long startTimestamp, bool failed)
        => Write(name, Stopwatch.GetElapsedTime(startTimestamp), failed);

    /// <summary>Records the completion of a call whose duration the caller measured.</summary>
    public void Write(string name, TimeSpan duration, bool failed)
    {
        var slot = (int)(Interlocked.Increment(ref _completed) & (Capacity - 1));
        _ring[slot] = new CallEntry(name, duration, failed);
    }

    private readonly record struct CallEntry(string Name, TimeSpan Duration, bool Failed);
}
