// Written at C# 7.3 so that one source builds in every consumer: block namespaces, no nullable annotations,
// no target-typed new, no pattern combinators.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Apie;

namespace Consumers
{
    public sealed class Item
    {
        public Item(string sku, decimal price)
        {
            Sku = sku;
            Price = price;
        }

        public string Sku { get; private set; }

        public decimal Price { get; private set; }
    }

    public class Catalog
    {
        private readonly Dictionary<string, Item> _items = new Dictionary<string, Item>();

        [ApieSession("Stock {count} items", Kind = SessionKind.Pipeline)]
        public async Task<decimal> StockAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await AddAsync(new Item("sku-" + i, 10m + i));
            }

            return Total();
        }

        [ApieRun("Add {item.Sku}", Role = "worker")]
        public async Task AddAsync(Item item)
        {
            await Task.Yield();
            _items[item.Sku] = item;
        }

        [ApieRun("Total", OutputSummary = "{result}")]
        public decimal Total()
        {
            var total = 0m;
            foreach (var item in _items.Values)
            {
                total += item.Price;
            }

            return total;
        }

        [ApieRun("Find {sku}")]
        public ValueTask<Item> FindAsync(string sku)
        {
            return new ValueTask<Item>(_items.TryGetValue(sku, out var item) ? item : new Item(sku, 0m));
        }

        [ApieRun("Swap")]
        public static void Swap<T>(ref T left, ref T right) where T : class
        {
            var previousLeft = left;
            left = right;
            right = previousLeft;
        }

        [ApieRun("Fail {reason}")]
        public static int Fail(string reason)
        {
            throw new InvalidOperationException(reason);
        }
    }

    public struct Tally
    {
        public int Count;

        [ApieRun]
        public int Add(int amount)
        {
            Count += amount;
            return Count;
        }
    }

    public static class Scenario
    {
        public static async Task<string> RunAsync()
        {
            var catalog = new Catalog();
            var total = await catalog.StockAsync(3);
            var found = await catalog.FindAsync("sku-1");

            var left = "a";
            var right = "b";
            Catalog.Swap(ref left, ref right);

            var tally = new Tally();
            tally.Add(2);
            tally.Add(5);

            string failure;
            try
            {
                Catalog.Fail("out of stock");
                failure = "none";
            }
            catch (InvalidOperationException exception)
            {
                failure = exception.Message;
            }

            return string.Join("|", total, found.Price, left + right, tally.Count, failure);
        }
    }
}
