using System;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Apie.Diagnostics;

/// <summary>
/// Lets one message through per key and interval, and counts what it held back, so a failing service does not
/// flood the application's log.
/// </summary>
internal sealed class LogLimiter
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long _intervalTicks;

    public LogLimiter(TimeSpan interval)
    {
        _intervalTicks = (long)(interval.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Returns true when a message with this key may be logged now, with the number held back since the last one.</summary>
    public bool TryEnter(string key, out int suppressed)
    {
        var now = Stopwatch.GetTimestamp();
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            if (entry.LastLogged != 0 && now - entry.LastLogged < _intervalTicks)
            {
                entry.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = entry.Suppressed;
            entry.Suppressed = 0;
            entry.LastLogged = now;
            return true;
        }
    }

    private sealed class Entry
    {
        public long LastLogged;
        public int Suppressed;
    }
}
