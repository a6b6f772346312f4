using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Apie.Configuration;
using Apie.Diagnostics;
using Apie.Recording;
using Apie.Serialization;
using Apie.Transport;
using Microsoft.Extensions.Logging;

namespace Apie.Queue;

/// <summary>
/// Sends the outbound queue in order from one background loop: on every flush interval, when an outermost call
/// ends, when a tool call needs its run's id, when a batch fills up, and on an explicit flush. No other class
/// decides what is sent when. User threads only add to the queue. They wait here only in <see cref="FlushAsync"/>: generated code
/// bounds that wait with <c>CompletionFlushTimeout</c>, and an explicit flush with the caller's token.
/// </summary>
internal sealed class Dispatcher
{
    /// <summary>The longest wait a <c>Retry-After</c> header can ask for before a retry.</summary>
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>The most requests in flight at once.</summary>
    private const int MaxConcurrentRequests = 8;

    /// <summary>How many items from the front of the queue one wave looks at.</summary>
    private const int PlanningWindow = 2048;

    private static readonly Random s_jitter = new();

    // The order key of events outside any run or session.
    private static readonly object s_unscoped = new();

    // Set while this thread sends in synchronous mode. An item queued meanwhile goes out in that same pass.
    [ThreadStatic]
    private static bool t_sending;

    private readonly ApieSettings _settings;
    private readonly IApieTransport _transport;
    private readonly AgentIdentity _agent;
    private readonly ILogger _logger;
    private readonly OutboundQueue _queue;
    private readonly LogLimiter _limiter = new(TimeSpan.FromSeconds(30));
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly SemaphoreSlim _drainLock = new(1, 1);
    private readonly CancellationTokenSource _stopWaiting = new();
    private readonly CancellationTokenSource _stopSending = new();
    private readonly List<TaskCompletionSource<bool>> _waiters = new();
    private readonly Task _loop;
    private readonly bool _synchronous;
    private Task? _shutdown;
    private int _stopped;
    private long _flushCount;
    private long _retryCount;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastFlushAt;
    private string? _lastErrorMessage;
    private volatile bool _healthy = true;

    /// <param name="settings">The resolved configuration.</param>
    /// <param name="transport">Where requests go.</param>
    /// <param name="agent">The agent whose ids requests carry.</param>
    /// <param name="logger">Where sending problems are logged.</param>
    /// <param name="journal">The queue journal, or null to keep the queue in memory only.</param>
    /// <param name="synchronous">
    /// True for clients built by <c>ApieClient.CreateForTesting</c>: no background loop starts, and every
    /// <see cref="Enqueue"/>, <see cref="Wake"/> and <see cref="FlushAsync"/> sends the queue on the caller's thread
    /// before it returns. The transport must then complete its tasks synchronously, or the caller blocks on them.
    /// </param>
    public Dispatcher(ApieSettings settings, IApieTransport transport, AgentIdentity agent, ILogger logger, QueueJournal? journal = null, bool synchronous = false)
    {
        _settings = settings;
        _transport = transport;
        _agent = agent;
        _logger = logger;
        _queue = new OutboundQueue(settings.MaxQueueSize, settings.QueueDropPolicy) { Journal = journal };
        _synchronous = synchronous;
        if (synchronous)
        {
            _loop = Task.CompletedTask;
            return;
        }

        // The loop must not inherit the caller's ambient run: its own work is no part of any user's run.
        using (ExecutionContext.SuppressFlow())
        {
            _loop = Task.Run(LoopAsync);
        }
    }

    /// <summary>Whether the last request went through. While it is false, completions do not wait for a flush.</summary>
    public bool IsHealthy => _healthy;

    public bool IsStopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>Queues an item. Registration and a full batch of events wake the sender; the rest waits for the timer or a wake.</summary>
    public void Enqueue(OutboundItem item)
    {
        if (IsStopped)
        {
            _queue.CountDropped(1);
            LogLimited(LogLevel.Warning, "stopped", $"Apie dropped the {item.Description} queued after shutdown.");
            return;
        }

        var dropped = _queue.DroppedCount;
        if (!_queue.Add(item) || _queue.DroppedCount != dropped)
        {
            var policy = _settings.QueueDropPolicy == ApieQueueDropPolicy.DropNewest ? "drop_newest" : "drop_oldest";
            LogLimited(LogLevel.Warning, "full", $"The Apie queue is full ({_settings.MaxQueueSize} events) and dropped an event under the {policy} policy.");
        }

        // A creation or completion waits for the timer too: the outermost call's end, a guardrail request and an
        // explicit flush wake the sender when they need it sooner, so a busy caller does not wake it on every call.
        if (_synchronous || item is IdentifyItem || _queue.EventCount >= _settings.MaxBatchSize)
        {
            Wake();
        }
    }

    /// <summary>Queues the items a previous process left in the journal, after what is queued now, and starts a send.</summary>
    public void Restore(IReadOnlyCollection<OutboundItem> items)
    {
        _queue.Restore(items);
        Wake();
    }

    /// <summary>Starts a send without waiting for it.</summary>
    public void Wake()
    {
        if (_synchronous)
        {
            SendNow();
            return;
        }

        // The semaphore holds at most one pending signal: many wake-ups before the loop runs make one pass.
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another thread released it first; one signal is enough.
            }
        }
    }

    /// <summary>
    /// Sends everything queued before the call. Completes with true when the queue was emptied and false when a
    /// failure left items queued for the next flush.
    /// </summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        if (IsStopped)
        {
            return _queue.Count == 0;
        }

        if (_synchronous)
        {
            SendNow();
            return _queue.Count == 0;
        }

        var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add(waiter);
        }

        Wake();
        using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
        {
            return await waiter.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Stops the timer, sends what is left within <paramref name="bound"/>, then stops for good.</summary>
    public Task ShutdownAsync(TimeSpan bound)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return _shutdown ?? Task.CompletedTask;
        }

        _shutdown = ShutdownCoreAsync(bound);
        return _shutdown;
    }

    public ApieQueueDiagnostics GetDiagnostics() => new()
    {
        QueueSize = _queue.Count,
        DroppedCount = _queue.DroppedCount,
        DeduplicatedCount = _queue.DeduplicatedCount,
        FlushCount = Interlocked.Read(ref _flushCount),
        RetryCount = Interlocked.Read(ref _retryCount),
        LastErrorAt = _lastErrorAt,
        LastFlushAt = _lastFlushAt,
        LastErrorMessage = _lastErrorMessage,
    };

    private async Task ShutdownCoreAsync(TimeSpan bound)
    {
        _logger.LogDebug("Apie is shutting down; {Count} queued items to send within {Bound} ms.", _queue.Count, bound.TotalMilliseconds);
        _stopSending.CancelAfter(bound);
        _stopWaiting.Cancel();

        await _loop.ConfigureAwait(false);
        await DrainAndReleaseAsync().ConfigureAwait(false);

        List<TaskCompletionSource<bool>> late;
        lock (_waiters)
        {
            late = _waiters.ToList();
            _waiters.Clear();
        }

        foreach (var waiter in late)
        {
            waiter.TrySetResult(_queue.Count == 0);
        }

        var left = _queue.TakeAll();
        if (left.Count > 0 && _queue.Journal is { } journal)
        {
            // Registration is not journaled: the next client registers itself.
            _logger.LogWarning(
                "Apie shut down with {Count} queued items not sent to {Destination}; they stay in {Path} for the next start. Last error: {Error}",
                left.Count(item => item.JournalNumber > 0),
                _transport.Destination,
                journal.Path,
                _lastErrorMessage);
        }
        else if (left.Count > 0)
        {
            foreach (var item in left)
            {
                item.OnDropped();
            }

            _queue.CountDropped(left.Count);
            _logger.LogWarning("Apie shut down with {Count} queued items not sent to {Destination}. Last error: {Error}", left.Count, _transport.Destination, _lastErrorMessage);
        }

        _queue.Journal?.Dispose();
        _transport.Dispose();
        _logger.LogDebug("Apie stopped.");
    }

    /// <summary>
    /// Synchronous mode: sends the queue on this thread and returns when the pass ends. A call made while this
    /// thread already sends, such as from a logger, only leaves its item queued, because the running pass takes
    /// items until the queue is empty.
    /// </summary>
    private void SendNow()
    {
        if (t_sending || IsStopped)
        {
            return;
        }

        t_sending = true;
        try
        {
            DrainAndReleaseAsync().GetAwaiter().GetResult();
        }
        finally
        {
            t_sending = false;
        }
    }

    private async Task LoopAsync()
    {
        while (!_stopWaiting.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(_settings.FlushInterval, _stopWaiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await DrainAndReleaseAsync().ConfigureAwait(false);
        }
    }

    private async Task DrainAndReleaseAsync()
    {
        await _drainLock.WaitAsync().ConfigureAwait(false);
        try
        {
            List<TaskCompletionSource<bool>> waiters;
            lock (_waiters)
            {
                waiters = _waiters.ToList();
                _waiters.Clear();
            }

            bool emptied;
            try
            {
                emptied = await DrainAsync(_stopSending.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopSending.IsCancellationRequested)
            {
                // Shutdown's bound passed while a request was in flight: what is left is counted below, not an error.
                emptied = false;
            }
            catch (Exception exception)
            {
                // The loop must survive anything: a bug here would otherwise stop every later send.
                RecordError($"sending failed unexpectedly: {exception.GetType().Name}: {exception.Message}");
                _logger.LogError(exception, "Apie failed while sending the queue to {Destination}.", _transport.Destination);
                emptied = false;
            }

            foreach (var waiter in waiters)
            {
                waiter.TrySetResult(emptied);
            }
        }
        finally
        {
            _drainLock.Release();
        }
    }

    /// <summary>
    /// Sends from the head until the queue is empty or a request still fails after its retries. Each pass sends a
    /// wave of up to <see cref="MaxConcurrentRequests"/> requests at once: items of one session, or of one run outside
    /// a session, keep their order because at most one request of theirs is in flight, while independent runs and
    /// sessions go out side by side.
    /// </summary>
    private async Task<bool> DrainAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var (wave, abandoned) = PlanWave();
            foreach (var (item, reason) in abandoned)
            {
                GiveUp(new[] { item }, reason);
            }

            if (wave.Count == 0)
            {
                if (abandoned.Count > 0)
                {
                    continue;
                }

                // Empty, or everything waits for a creation that a previous pass left unsent.
                return _queue.Count == 0;
            }

            var requests = wave.Select(batch => batch[0] is EventItem ? BatchRequest(batch) : batch[0].Build(_agent)).ToList();
            var responses = await Task.WhenAll(requests.Select((request, i) => SendWithRetriesAsync(request, wave[i][0].Description, cancellationToken))).ConfigureAwait(false);

            var failed = false;
            for (var i = 0; i < wave.Count; i++)
            {
                failed |= !Settle(wave[i], requests[i], responses[i], cancellationToken);
            }

            if (failed)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Takes the outcome of one request; returns false when its items stay queued for the next flush.</summary>
    private bool Settle(List<OutboundItem> batch, ApieRequest request, ApieResponse response, CancellationToken cancellationToken)
    {
        if (response.IsSuccess)
        {
            foreach (var item in batch)
            {
                item.OnSent(response, _agent);

                // The id goes to the journal before the creation is marked done, so a restart always finds it.
                if (item.Creates is { } created)
                {
                    _queue.Journal?.Created(created);
                }
            }

            _queue.Remove(batch, sent: true);
            Interlocked.Increment(ref _flushCount);
            _lastFlushAt = DateTimeOffset.UtcNow;
            if (!_healthy)
            {
                _healthy = true;
                _logger.LogInformation("Apie reached {Destination} again.", _transport.Destination);
            }

            return true;
        }

        RecordError($"{batch[0].Description} to {request.Path} failed with {response.Describe()}");
        if (response.IsRetryable || cancellationToken.IsCancellationRequested)
        {
            // The items stay in the queue, in order, for the next flush.
            if (_healthy)
            {
                _healthy = false;
                _logger.LogWarning("Apie could not reach {Destination}: {Error}. Queued items are kept and retried on the next flush.", _transport.Destination, _lastErrorMessage);
            }

            return false;
        }

        GiveUp(batch, $"the service rejected it with {response.Describe()}: {Truncate(response.Body)}");
        return true;
    }

    /// <summary>
    /// Chooses the requests of the next wave from the front of the queue. Registration goes alone while it is
    /// queued. Otherwise each creation and completion is one request, and the ready events share one batch. An item
    /// waits while an earlier item of its session or run waits or is in the wave. It is given up when the record it
    /// depends on was never created.
    /// </summary>
    private (List<List<OutboundItem>> Wave, List<(OutboundItem Item, string Reason)> Abandoned) PlanWave()
    {
        var wave = new List<List<OutboundItem>>();
        var abandoned = new List<(OutboundItem, string)>();
        var waiting = new HashSet<object>();
        var eventKeys = new HashSet<object>();
        List<OutboundItem>? events = null;

        foreach (var item in _queue.Snapshot(PlanningWindow))
        {
            if (item is IdentifyItem)
            {
                // Everything else carries the agent's ids, which registration returns.
                if (wave.Count == 0 && events is null)
                {
                    wave.Add(new List<OutboundItem> { item });
                }

                break;
            }

            var key = OrderKey(item);
            if (waiting.Contains(key))
            {
                continue;
            }

            if (item.DependsOn is { ServerId: null } dependency)
            {
                if (dependency.CreateFailed)
                {
                    abandoned.Add((item, $"its {(dependency is RunRecord ? "run" : dependency is SessionRecord ? "session" : "handoff")} was never created"));
                }
                else
                {
                    waiting.Add(key);
                }

                continue;
            }

            if (item is EventItem)
            {
                if (events is { Count: var count } && count >= _settings.MaxBatchSize)
                {
                    waiting.Add(key);
                    continue;
                }

                (events ??= new List<OutboundItem>()).Add(item);
                eventKeys.Add(key);
                continue;
            }

            // A creation or completion after events of its own session or run must wait for them to be sent.
            waiting.Add(key);
            if (eventKeys.Contains(key) || wave.Count + (events is null ? 0 : 1) >= MaxConcurrentRequests)
            {
                continue;
            }

            wave.Add(new List<OutboundItem> { item });
        }

        if (events is not null)
        {
            wave.Add(events);
        }

        return (wave, abandoned);
    }

    /// <summary>Returns what orders an item: its session, or its run when it has no session.</summary>
    private static object OrderKey(OutboundItem item) => item switch
    {
        CreateItem create => KeyOf(create.Record),
        CompleteItem complete => KeyOf(complete.Record),
        HandoffItem handoff => handoff.Handoff.Session,
        EventItem evented => (object?)evented.Session ?? (object?)evented.Run ?? s_unscoped,
        _ => s_unscoped,
    };

    private static object KeyOf(TraceRecord record) => record is RunRecord { Session: { } session } ? session : record;

    private ApieRequest BatchRequest(List<OutboundItem> batch)
    {
        var body = new EventBatch { Events = batch.Cast<EventItem>().Select(item => item.Resolve(_agent)).ToList() };
        return new ApieRequest("POST", "/v1/events", JsonSerializer.SerializeToUtf8Bytes(body, ApieJsonContext.Default.EventBatch));
    }

    private async Task<ApieResponse> SendWithRetriesAsync(ApieRequest request, string description, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccess || !response.IsRetryable || attempt >= _settings.RetryAttempts)
            {
                return response;
            }

            Interlocked.Increment(ref _retryCount);
            // A Retry-After longer than the cap is cut to it, so one response cannot stall the whole queue for long.
            var delay = Backoff(attempt);
            if (response.RetryAfter is { } requested)
            {
                delay = requested > MaxRetryAfter ? MaxRetryAfter : requested;
            }
            _logger.LogDebug("Apie retries the {Description} to {Path} in {Delay} ms after {Error}.", description, request.Path, (int)delay.TotalMilliseconds, response.Describe());
            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return response;
            }
        }
    }

    /// <summary>Returns the wait before attempt <paramref name="attempt"/> + 1: base × 2^(attempt−1), ±25 % jitter, at least 50 ms.</summary>
    private TimeSpan Backoff(int attempt)
    {
        double factor;
        lock (s_jitter)
        {
            factor = 0.75 + (s_jitter.NextDouble() * 0.5);
        }

        var milliseconds = _settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1) * factor;
        return TimeSpan.FromMilliseconds(Math.Max(50, milliseconds));
    }

    private void GiveUp(IReadOnlyList<OutboundItem> items, string reason)
    {
        foreach (var item in items)
        {
            item.OnDropped();
        }

        _queue.Remove(items, sent: false);
        _queue.CountDropped(items.Count);
        LogLimited(LogLevel.Warning, "gave-up:" + items[0].Description, $"Apie dropped {items.Count} item(s) starting with the {items[0].Description}: {reason}.");
    }

    private void RecordError(string message)
    {
        _lastErrorAt = DateTimeOffset.UtcNow;
        _lastErrorMessage = message;
    }

    private void LogLimited(LogLevel level, string key, string message)
    {
        if (_limiter.TryEnter(key, out var suppressed))
        {
            _logger.Log(level, "{Message}", suppressed > 0 ? $"{message} ({suppressed} similar messages suppressed)" : message);
        }
    }

    // The start of a rejection's body for the log; a service that echoes the request cannot put a secret there.
    private static string Truncate(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
        return text.Length == 0 ? "(empty body)" : Redactor.RedactBuiltInPatterns(text);
    }
}
