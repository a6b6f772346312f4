using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace Apie.Hosting.Tests;

/// <summary>One message a host logged.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message);

/// <summary>Keeps every message logged through the host's logger factory, at every level.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly List<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToList();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (_entries)
        {
            _entries.Add(entry);
        }
    }

    private sealed class ListLogger : ILogger
    {
        private readonly ListLoggerProvider _provider;
        private readonly string _category;

        public ListLogger(ListLoggerProvider provider, string category)
        {
            _provider = provider;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => _provider.Add(new LogEntry(_category, logLevel, formatter(state, exception)));
    }
}
