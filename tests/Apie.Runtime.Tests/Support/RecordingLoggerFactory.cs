using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace Apie.Runtime.Tests.Support;

/// <summary>A logger factory that keeps every formatted message, so tests can check logs and keep standard error clean.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>A copy of the messages logged so far, in order.</summary>
    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    /// <summary>Returns the messages logged at <paramref name="level"/>.</summary>
    public IReadOnlyList<string> MessagesAt(LogLevel level) => Entries.Where(entry => entry.Level == level).Select(entry => entry.Message).ToList();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(_entries);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The recording logger factory takes no providers.");

    public void Dispose()
    {
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly ConcurrentQueue<LogEntry> _entries;

        public RecordingLogger(ConcurrentQueue<LogEntry> entries)
        {
            _entries = entries;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => _entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception));
    }
}

/// <summary>One logged message.</summary>
internal sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);
