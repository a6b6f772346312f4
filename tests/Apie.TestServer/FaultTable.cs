using System;
using System.Collections.Generic;
using System.Threading;

namespace Apie.Testing;

/// <summary>
/// Injected faults with the number of requests each one still applies to. Thread-safe.
/// </summary>
internal sealed class FaultTable
{
    private readonly Lock _gate = new();
    private readonly List<FaultEntry> _entries = [];
    private int _faultsServed;

    public int FaultsServed
    {
        get
        {
            lock (_gate)
            {
                return _faultsServed;
            }
        }
    }

    public void Add(string method, string pathPrefix, InjectedFault fault, int times)
    {
        lock (_gate)
        {
            _entries.Add(new FaultEntry(method, pathPrefix, fault, times));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>
    /// Takes one use of the oldest fault that matches the request, or returns null when none
    /// matches. A fault is removed once it has applied to its last request.
    /// </summary>
    public InjectedFault? TryTake(string method, string path)
    {
        lock (_gate)
        {
            int index = _entries.FindIndex(entry => entry.Matches(method, path));
            if (index < 0)
            {
                return null;
            }

            FaultEntry entry = _entries[index];
            entry.Remaining--;
            if (entry.Remaining == 0)
            {
                _entries.RemoveAt(index);
            }

            _faultsServed++;
            return entry.Fault;
        }
    }

    private sealed class FaultEntry(string method, string pathPrefix, InjectedFault fault, int times)
    {
        public InjectedFault Fault { get; } = fault;

        public int Remaining { get; set; } = times;

        public bool Matches(string requestMethod, string requestPath) =>
            string.Equals(method, requestMethod, StringComparison.OrdinalIgnoreCase)
            && requestPath.StartsWith(pathPrefix, StringComparison.Ordinal);
    }
}
