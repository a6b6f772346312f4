using System;
using Microsoft.Extensions.Logging;

namespace Apie.Diagnostics;

/// <summary>
/// The logger used when the application gives none: information and above go to standard error, prefixed with
/// <c>apie:</c>, so that local mode and service failures are visible without any logging setup.
/// </summary>
internal sealed class StandardErrorLogger : ILogger
{
    public static readonly StandardErrorLogger Instance = new();

    private static readonly object s_gate = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
        => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var level = logLevel switch
        {
            LogLevel.Information => "info",
            LogLevel.Warning => "warning",
            _ => "error",
        };

        lock (s_gate)
        {
            Console.Error.WriteLine($"apie {level}: {formatter(state, exception)}");
            if (exception is not null)
            {
                Console.Error.WriteLine(exception.ToString());
            }
        }
    }
}
