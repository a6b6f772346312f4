using System;
using System.Collections.Generic;

namespace Apie.Queue;

/// <summary>
/// The ordered list of everything still to send. Only events count against <c>maxQueueSize</c>: creations and
/// completions are never dropped for room, because dropping one would orphan everything that refers to it.
/// Thread-safe: user threads add, the sender takes from the head. With a <see cref="Journal"/>, every change is
/// written to it under the same lock, so the file's order is the queue's.
/// </summary>
internal sealed class OutboundQueue
{
    // How many sent event ids are remembered to drop a duplicate that arrives after its first copy was sent.
    private const int RememberedSentEvents = 8192;

    private readonly ItemList _items = new();
    private readonly HashSet<string> _queuedEventIds = new();
    private readonly HashSet<string> _sentEventIds = new();
    private readonly Queue<string> _sentOrder = new();
    private readonly int _maxEvents;
    private readonly ApieQueueDropPolicy _dropPolicy;
    private int _eventCount;

    public OutboundQueue(int maxEvents, ApieQueueDropPolicy dropPolicy)
    {
        _maxEvents = maxEvents;
        _dropPolicy = dropPolicy;
    }

    /// <summary>The file that keeps the queue across restarts, or null.</summary>
    public QueueJournal? Journal { get; set; }

    public long DroppedCount { get; private set; }

    public long DeduplicatedCount { get; private set; }

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public int EventCount
    {
        get
        {
            lock (_items)
            {
                return _eventCount;
            }
        }
    }

    /// <summary>Adds the item at the tail; returns false when it was dropped or was a duplicate event.</summary>
    public bool Add(OutboundItem item)
    {
        lock (_items)
        {
            if (item is not EventItem added)
            {
                _items.AddLast(item);
                Journal?.Added(item);
                return true;
            }

            if (_sentEventIds.Contains(added.Wire.EventId) || !_queuedEventIds.Add(added.Wire.EventId))
            {
                DeduplicatedCount++;
                return false;
            }

            if (_eventCount >= _maxEvents)
            {
                if (_dropPolicy == ApieQueueDropPolicy.DropNewest)
                {
                    _queuedEventIds.Remove(added.Wire.EventId);
                    DroppedCount++;
                    return false;
                }

                RemoveOldestEvent();
            }

            _items.AddLast(item);
            _eventCount++;
            Journal?.Added(item);
            return true;
        }
    }

    /// <summary>Puts items that a previous process left in the journal at the tail, without journaling them again.</summary>
    public void Restore(IEnumerable<OutboundItem> items)
    {
        lock (_items)
        {
            foreach (var item in items)
            {
                if (item is EventItem restored && !_queuedEventIds.Add(restored.Wire.EventId))
                {
                    DeduplicatedCount++;
                    continue;
                }

                _items.AddLast(item);
                if (item is EventItem)
                {
                    _eventCount++;
                }
            }
        }
    }

    /// <summary>Returns the head item, or null when the queue is empty.</summary>
    public OutboundItem? Peek()
    {
        lock (_items)
        {
            return _items.First;
        }
    }

    /// <summary>Returns up to <paramref name="max"/> items from the head, in order.</summary>
    public List<OutboundItem> Snapshot(int max)
    {
        var items = new List<OutboundItem>(Math.Min(max, 64));
        lock (_items)
        {
            for (var item = _items.First; item is not null && items.Count < max; item = item.Next)
            {
                items.Add(item);
            }
        }

        return items;
    }

    /// <summary>Removes the given items, which the caller took from the head and sent, or gave up when <paramref name="sent"/> is false.</summary>
    public void Remove(IReadOnlyCollection<OutboundItem> items, bool sent)
    {
        lock (_items)
        {
            foreach (var item in items)
            {
                if (_items.Remove(item) && item is EventItem removed)
                {
                    _eventCount--;
                    _queuedEventIds.Remove(removed.Wire.EventId);
                    if (sent)
                    {
                        RememberSent(removed.Wire.EventId);
                    }
                }
            }

            Journal?.Done(items);
            if (_items.Count == 0)
            {
                Journal?.TruncateIfLong();
            }
        }
    }

    /// <summary>
    /// Removes and returns every queued item. With a journal, the items stay in the file for the next process,
    /// because they were neither sent nor given up.
    /// </summary>
    public List<OutboundItem> TakeAll()
    {
        lock (_items)
        {
            var all = _items.RemoveAll();
            _queuedEventIds.Clear();
            _eventCount = 0;
            return all;
        }
    }

    /// <summary>Counts items the sender gave up on as dropped.</summary>
    public void CountDropped(int count)
    {
        lock (_items)
        {
            DroppedCount += count;
        }
    }

    private void RemoveOldestEvent()
    {
        for (var item = _items.First; item is not null; item = item.Next)
        {
            if (item is EventItem oldest)
            {
                _items.Remove(oldest);
                _queuedEventIds.Remove(oldest.Wire.EventId);
                _eventCount--;
                DroppedCount++;
                Journal?.Done(new[] { oldest });
                return;
            }
        }
    }

    private void RememberSent(string eventId)
    {
        if (!_sentEventIds.Add(eventId))
        {
            return;
        }

        _sentOrder.Enqueue(eventId);
        if (_sentOrder.Count > RememberedSentEvents)
        {
            _sentEventIds.Remove(_sentOrder.Dequeue());
        }
    }
}
