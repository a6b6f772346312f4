using System;

namespace Apie;

/// <summary>A snapshot of the client's outbound queue, as <see cref="ApieClient.GetQueueDiagnostics"/> returns it.</summary>
public sealed class ApieQueueDiagnostics
{
    /// <summary>The number of requests and events still queued (<c>queue_size</c>).</summary>
    public int QueueSize { get; init; }

    /// <summary>The number of events dropped for room or given up after a final error (<c>dropped_count</c>).</summary>
    public long DroppedCount { get; init; }

    /// <summary>The number of events dropped because an event with the same id was queued (<c>deduplicated_count</c>).</summary>
    public long DeduplicatedCount { get; init; }

    /// <summary>The number of requests sent successfully (<c>flush_count</c>).</summary>
    public long FlushCount { get; init; }

    /// <summary>The number of retried attempts (<c>retry_count</c>).</summary>
    public long RetryCount { get; init; }

    /// <summary>When the last send failed (<c>last_error_at</c>).</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>When a request last went out successfully (<c>last_flush_at</c>).</summary>
    public DateTimeOffset? LastFlushAt { get; init; }

    /// <summary>What the last failure was (<c>last_error_message</c>).</summary>
    public string? LastErrorMessage { get; init; }
}
