using System.Collections.Generic;

namespace Apie.Queue;

/// <summary>
/// The ordered list of everything still to send. Only events count against <c>maxQueueSize</c>: creations and
/// completions are never dropped for room, because dropping one would orphan everything that refers to it.
/// Thread-safe: user threads add, the sender takes from the head.
/// </summary>
internal sealed class OutboundQueue
{
    private readonly LinkedList<OutboundItem> _items = new();
    private readonly HashSet<string> _queuedEventIds = new();
    private readonly int _maxEvents;
    private readonly ApieQueueDropPolicy _dropPolicy;
    private int _eventCount;

    public OutboundQueue(int maxEvents, ApieQueueDropPolicy dropPolicy)
    {
        _maxEvents = maxEvents;
        _dropPolicy = dropPolicy;
    }

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
                return true;
            }

            if (!_queuedEventIds.Add(added.Wire.EventId))
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
            return true;
        }
    }

    /// <summary>Returns the head item, or null when the queue is empty.</summary>
    public OutboundItem? Peek()
    {
        lock (_items)
        {
            return _items.First?.Value;
        }
    }

    /// <summary>Returns up to <paramref name="max"/> consecutive events from the head.</summary>
    public List<EventItem> PeekEvents(int max)
    {
        var events = new List<EventItem>();
        lock (_items)
        {
            for (var node = _items.First; node is not null && events.Count < max && node.Value is EventItem item; node = node.Next)
            {
                events.Add(item);
            }
        }

        return events;
    }

    /// <summary>Removes the given items, which the caller took from the head and sent or gave up.</summary>
    public void Remove(IEnumerable<OutboundItem> sent)
    {
        lock (_items)
        {
            foreach (var item in sent)
            {
                if (_items.Remove(item) && item is EventItem removed)
                {
                    _eventCount--;
                    _queuedEventIds.Remove(removed.Wire.EventId);
                }
            }
        }
    }

    /// <summary>Removes and returns every queued item.</summary>
    public List<OutboundItem> TakeAll()
    {
        lock (_items)
        {
            var all = new List<OutboundItem>(_items);
            _items.Clear();
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
        for (var node = _items.First; node is not null; node = node.Next)
        {
            if (node.Value is EventItem oldest)
            {
                _items.Remove(node);
                _queuedEventIds.Remove(oldest.Wire.EventId);
                _eventCount--;
                DroppedCount++;
                return;
            }
        }
    }
}
