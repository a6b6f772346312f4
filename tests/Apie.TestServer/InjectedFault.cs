using System;

namespace Apie.Testing;

/// <summary>The kind of failure that an <see cref="InjectedFault"/> produces.</summary>
public enum InjectedFaultKind
{
    /// <summary>An error status code with a JSON error body.</summary>
    Status,

    /// <summary>A wait before the request is handled normally.</summary>
    Delay,

    /// <summary>An aborted connection with no response.</summary>
    DropConnection,
}

/// <summary>
/// A failure that <see cref="LoopbackApieServer.InjectFault"/> applies to matching requests.
/// Create one with <see cref="Status"/>, <see cref="Delay"/> or <see cref="DropConnection"/>.
/// </summary>
public sealed record InjectedFault
{
    private InjectedFault(InjectedFaultKind kind, int statusCode, TimeSpan? retryAfter, TimeSpan duration)
    {
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
        Duration = duration;
    }

    /// <summary>The failure this fault produces.</summary>
    public InjectedFaultKind Kind { get; }

    /// <summary>The response status for <see cref="InjectedFaultKind.Status"/>, otherwise 0.</summary>
    public int StatusCode { get; }

    /// <summary>
    /// The <c>Retry-After</c> value for <see cref="InjectedFaultKind.Status"/>, sent in whole
    /// seconds rounded up. Null sends no header.
    /// </summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The wait for <see cref="InjectedFaultKind.Delay"/>, otherwise zero.</summary>
    public TimeSpan Duration { get; }

    /// <summary>
    /// Creates a fault that responds with <paramref name="statusCode"/> (400 to 599) and a JSON
    /// error body, plus a <c>Retry-After</c> header when <paramref name="retryAfter"/> is given.
    /// </summary>
    public static InjectedFault Status(int statusCode, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        if (retryAfter is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(retryAfter));
        }

        return new InjectedFault(InjectedFaultKind.Status, statusCode, retryAfter, TimeSpan.Zero);
    }

    /// <summary>
    /// Creates a fault that waits for <paramref name="delay"/> and then handles the request
    /// normally. The wait ends early, with no response, when the client aborts the request.
    /// </summary>
    public static InjectedFault Delay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new InjectedFault(InjectedFaultKind.Delay, 0, null, delay);
    }

    /// <summary>Creates a fault that aborts the connection without sending a response.</summary>
    public static InjectedFault DropConnection() =>
        new(InjectedFaultKind.DropConnection, 0, null, TimeSpan.Zero);
}
