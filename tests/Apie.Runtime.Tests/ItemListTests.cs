using System.Linq;
using Apie.Queue;
using Apie.Recording;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>The outbound queue's list, whose links live in the items: order, removal anywhere, and emptying.</summary>
public sealed class ItemListTests
{
    [Fact]
    public void Remove_HeadMiddleAndTail_KeepsOrder()
    {
        var list = new ItemList();
        var items = Enumerable.Range(0, 5).Select(_ => NewItem()).ToArray();
        foreach (var item in items)
        {
            list.AddLast(item);
        }

        Assert.True(list.Remove(items[2]));
        Assert.True(list.Remove(items[0]));
        Assert.True(list.Remove(items[4]));

        Assert.Equal(2, list.Count);
        Assert.Same(items[1], list.First);
        Assert.Equal(new[] { items[1], items[3] }, list.RemoveAll());
        Assert.Null(list.First);
        Assert.Equal(0, list.Count);
    }

    [Fact]
    public void Remove_ItemNotInList_ReturnsFalse()
    {
        var list = new ItemList();
        var other = new ItemList();
        var queued = NewItem();
        var elsewhere = NewItem();
        list.AddLast(queued);
        other.AddLast(elsewhere);

        Assert.False(list.Remove(elsewhere));
        Assert.False(list.Remove(NewItem()));
        Assert.True(list.Remove(queued));
        Assert.False(list.Remove(queued));

        Assert.Equal(0, list.Count);
        Assert.Same(elsewhere, other.First);
    }

    [Fact]
    public void AddLast_RemovedItem_GoesToTail()
    {
        var list = new ItemList();
        var first = NewItem();
        var second = NewItem();
        list.AddLast(first);
        list.AddLast(second);

        list.Remove(first);
        list.AddLast(first);

        Assert.Equal(new[] { second, first }, list.RemoveAll());
    }

    private static OutboundItem NewItem()
        => new CreateItem(new SessionRecord(SessionKind.SingleAgent, null, null));
}
