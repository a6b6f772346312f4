using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Apie.Hosting;

/// <summary>
/// Ties the client to the host's lifetime. At start it registers the agent and waits for that at most
/// <see cref="RegistrationWait"/>. When the application stops it sends the queue: a flush starts on
/// <see cref="IHostApplicationLifetime.ApplicationStopping"/>, <see cref="StopAsync"/> waits for it, and
/// <see cref="StoppedAsync"/>, which runs after every other hosted service stopped, shuts the client down so that
/// their last events go out too. All of it shares one deadline of <see cref="ApieOptions.ShutdownTimeout"/>.
/// </summary>
internal sealed class ApieHostedService : IHostedLifecycleService, IDisposable
{
    /// <summary>The longest time host start waits for the agent's registration, which goes on in the background after that.</summary>
    internal static readonly TimeSpan RegistrationWait = TimeSpan.FromSeconds(2);

    // The default of ApieOptions.ShutdownTimeout, which the runtime applies when the option is null.
    private static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly ApieClient _client;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeSpan _shutdownTimeout;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenRegistration _stoppingRegistration;
    private Stopwatch? _stopClock;
    private Task? _flush;

    public ApieHostedService(ApieClient client, ApieOptions options, IHostApplicationLifetime lifetime, ILoggerFactory? loggerFactory)
    {
        _client = client;
        _lifetime = lifetime;
        _shutdownTimeout = options.ShutdownTimeout ?? DefaultShutdownTimeout;
        _logger = loggerFactory?.CreateLogger("Apie.Hosting") ?? NullLogger.Instance;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _stoppingRegistration = _lifetime.ApplicationStopping.Register(BeginStop);
        if (!_client.IsEnabled)
        {
            _logger.LogDebug("Apie is disabled, so the host starts without registering an agent.");
            return;
        }

        var ready = _client.ReadyAsync(_stopping.Token);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(RegistrationWait, wait.Token);
        if (await Task.WhenAny(ready, delay).ConfigureAwait(false) == ready)
        {
            await LogRegistrationAsync(ready).ConfigureAwait(false);
            return;
        }

        wait.Cancel();
        _logger.LogInformation(
            "Apie has not finished registering the agent with {Destination} after {Wait} ms. The host starts, and registration goes on in the background.",
            _client.Destination,
            RegistrationWait.TotalMilliseconds);
        _ = LogRegistrationAsync(ready);
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        BeginStop();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        BeginStop();
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
        {
            await Task.WhenAny(_flush!, cancelled.Task).ConfigureAwait(false);
        }
    }

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        BeginStop();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(Remaining());
        try
        {
            await _client.ShutdownAsync(bound.Token).ConfigureAwait(false);
            _logger.LogDebug("Apie shut down after {Elapsed} ms of the {Timeout} ms shutdown timeout.", Elapsed().TotalMilliseconds, _shutdownTimeout.TotalMilliseconds);
        }
        catch (OperationCanceledException)
        {
            var queued = _client.GetQueueDiagnostics().QueueSize;
            _logger.LogWarning(
                "Apie stopped waiting for its queue at the shutdown timeout of {Timeout} ms, with {Count} items not sent to {Destination}.",
                _shutdownTimeout.TotalMilliseconds,
                queued,
                _client.Destination);
        }
    }

    public void Dispose()
    {
        _stoppingRegistration.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Starts the flush and the shutdown deadline once, on whichever stop signal comes first.</summary>
    private void BeginStop()
    {
        lock (_gate)
        {
            if (_flush is not null)
            {
                return;
            }

            _stopClock = Stopwatch.StartNew();
            _stopping.Cancel();
            _flush = FlushAsync();
        }
    }

    private async Task FlushAsync()
    {
        if (!_client.IsEnabled)
        {
            return;
        }

        using var bound = new CancellationTokenSource(Remaining());
        try
        {
            await _client.FlushAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // StoppedAsync makes the last attempt within what is left of the deadline, and logs what stays unsent.
        }
        catch (ApieException exception)
        {
            // onError is throw and sending failed. The items stay queued for the shutdown.
            _logger.LogWarning(exception, "Apie could not send its queue to {Destination} when the application stopped.", _client.Destination);
        }
    }

    private async Task LogRegistrationAsync(Task<bool> ready)
    {
        try
        {
            if (await ready.ConfigureAwait(false))
            {
                _logger.LogInformation("Apie registered the agent with {Destination}.", _client.Destination);
            }
            else
            {
                _logger.LogWarning("Apie gave up registering the agent with {Destination}. Runs and events are still recorded and queued.", _client.Destination);
            }
        }
        catch (OperationCanceledException)
        {
            // The application began to stop before registration finished.
        }
    }

    private TimeSpan Elapsed() => _stopClock?.Elapsed ?? TimeSpan.Zero;

    private TimeSpan Remaining()
    {
        var left = _shutdownTimeout - Elapsed();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
