using System.Collections.Generic;

namespace Apie.Queue;

/// <summary>
/// A doubly linked list whose links live in the items themselves, so that queueing an item allocates nothing and
/// removing one takes constant time wherever it sits. An item belongs to at most one list at a time. Not
/// thread-safe: <see cref="OutboundQueue"/> calls it under its lock.
/// </summary>
internal sealed class ItemList
{
    private OutboundItem? _last;

    public OutboundItem? First { get; private set; }

    public int Count { get; private set; }

    public void AddLast(OutboundItem item)
    {
        item.ListOwner = this;
        item.Next = null;
        item.Previous = _last;
        if (_last is null)
        {
            First = item;
        }
        else
        {
            _last.Next = item;
        }

        _last = item;
        Count++;
    }

    /// <summary>Removes the item; returns false when it is not in this list.</summary>
    public bool Remove(OutboundItem item)
    {
        if (item.ListOwner != this)
        {
            return false;
        }

        if (item.Previous is null)
        {
            First = item.Next;
        }
        else
        {
            item.Previous.Next = item.Next;
        }

        if (item.Next is null)
        {
            _last = item.Previous;
        }
        else
        {
            item.Next.Previous = item.Previous;
        }

        item.ListOwner = null;
        item.Next = null;
        item.Previous = null;
        Count--;
        return true;
    }

    /// <summary>Empties the list and returns its items in order.</summary>
    public List<OutboundItem> RemoveAll()
    {
        var all = new List<OutboundItem>(Count);
        var item = First;
        while (item is not null)
        {
            var next = item.Next;
            item.ListOwner = null;
            item.Next = null;
            item.Previous = null;
            all.Add(item);
            item = next;
        }

        First = null;
        _last = null;
        Count = 0;
        return all;
    }

}
