using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Apie.Configuration;
using Apie.Diagnostics;
using Apie.Guardrails;
using Apie.Queue;
using Apie.Recording;
using Apie.Serialization;
using Apie.Transport;
using Microsoft.Extensions.Logging;

namespace Apie;

/// <summary>
/// The Apie client: registers the agent, records runs, sessions and events, and sends them in the background.
/// Generated code uses <see cref="Current"/>.
/// </summary>
public sealed partial class ApieClient : IAsyncDisposable, IDisposable
{
    private static readonly object s_gate = new();
    private static ApieClient? s_current;

    private readonly ILogger _logger;
    private readonly Dispatcher? _dispatcher;
    private readonly IdentifyItem? _identify;
    private readonly Redactor _redactor;
    private readonly GuardrailService? _guardrails;

    // Set by CreateForTesting: every send runs at once on the caller's thread, and no background task exists.
    private readonly bool _synchronous;

    // The outermost calls now waiting for their completion flush; at most one waits at a time.
    private int _completionFlushes;

    private ApieClient(ApieSettings settings, ApieOptions? options, IApieTransport? testTransport = null)
    {
        Settings = settings;
        Agent = new AgentIdentity(settings.AgentKey);
        _logger = options?.LoggerFactory?.CreateLogger("Apie") ?? StandardErrorLogger.Instance;
        Runs = new ApieRuns(this);
        Sessions = new ApieSessions(this);
        Handoffs = new ApieHandoffs(this);
        _redactor = new Redactor(settings);

        if (settings.UnknownFileFields.Count > 0)
        {
            _logger.LogWarning(
                "Apie ignores unknown fields in {Path}: {Fields}. Field names are camelCase, such as baseUrl and flushIntervalMs.",
                settings.ConfigurationFile,
                string.Join(", ", settings.UnknownFileFields));
        }

        if (!settings.Enabled)
        {
            Destination = "nowhere (disabled)";
            return;
        }

        _synchronous = testTransport is not null;
        IApieTransport transport = testTransport
            ?? (settings.LocalMode ? new LocalFileTransport(settings.LocalDirectory) : new HttpTransport(settings, options?.HttpClient));
        Destination = transport.Destination;
        if (settings.LocalMode && !_synchronous)
        {
            _logger.LogInformation("Apie runs in local mode, with no API key or base URL in use: requests are appended to {Path}.", transport.Destination);
        }

        var (journal, restored) = _synchronous ? (null, new List<OutboundItem>()) : OpenJournal(settings);
        _dispatcher = new Dispatcher(settings, transport, Agent, _logger, journal, _synchronous);
        _guardrails = new GuardrailService(settings, transport, Agent);
        _identify = new IdentifyItem(IdentifyRequestFor(settings));
        _dispatcher.Enqueue(_identify);
        if (restored.Count > 0)
        {
            _dispatcher.Restore(restored);
        }

        if (!_synchronous)
        {
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }

        _logger.LogDebug("Apie started for agent {AgentKey}, sending to {Destination}.", settings.AgentKey, Destination);
    }

    /// <summary>
    /// The client that generated code uses. When none was created, the first use builds one from
    /// <c>apie.config.json</c> and the environment; if that configuration is invalid, it logs the reason once and
    /// runs in local mode.
    /// </summary>
    public static ApieClient Current => Volatile.Read(ref s_current) ?? CreateDefault();

    /// <summary>Where requests go: the service URL, the local request file, or nowhere when disabled.</summary>
    public string Destination { get; }

    /// <summary>Whether requests are written to a local file instead of a service.</summary>
    public bool IsLocalMode => Settings.Enabled && Settings.LocalMode;

    /// <summary>Whether the client records anything.</summary>
    public bool IsEnabled => _dispatcher is not null;

    /// <summary>Manual start and completion of runs.</summary>
    public ApieRuns Runs { get; }

    /// <summary>Manual start and completion of sessions.</summary>
    public ApieSessions Sessions { get; }

    /// <summary>Work handed from one run to another inside a session.</summary>
    public ApieHandoffs Handoffs { get; }

    internal ApieSettings Settings { get; }

    internal AgentIdentity Agent { get; }

    /// <summary>
    /// Builds a client from <paramref name="options"/>, then <c>apie.config.json</c> in the working directory,
    /// then the environment, and makes it <see cref="Current"/>. The previous current client keeps running until
    /// it is shut down.
    /// </summary>
    /// <exception cref="ApieConfigurationException">A configuration value is invalid; the message names the field and its source.</exception>
    public static ApieClient Create(ApieOptions? options = null)
    {
        var settings = ConfigurationLoader.Resolve(options, Directory.GetCurrentDirectory(), System.Environment.GetEnvironmentVariable);
        var client = new ApieClient(settings, options);
        lock (s_gate)
        {
            Volatile.Write(ref s_current, client);
        }

        return client;
    }

    /// <summary>
    /// Builds a client that sends every request through <paramref name="transport"/> on the caller's thread, as
    /// soon as it is queued, and makes it <see cref="Current"/>. It has no background loop, no queue journal and no
    /// process-exit hook, and it reads no configuration besides <paramref name="options"/> when
    /// <see cref="ApieOptions.ReadExternalConfiguration"/> is false. For Apie.TestKit, which records into memory.
    /// </summary>
    internal static ApieClient CreateForTesting(ApieOptions options, IApieTransport transport)
    {
        var settings = ConfigurationLoader.Resolve(options, Directory.GetCurrentDirectory(), System.Environment.GetEnvironmentVariable);
        var client = new ApieClient(settings, options, transport);
        lock (s_gate)
        {
            Volatile.Write(ref s_current, client);
        }

        return client;
    }

    /// <summary>
    /// Makes <paramref name="replacement"/> the current client when <paramref name="expected"/> still is. A null
    /// replacement lets the next use build the default client. Returns false when another client became current.
    /// </summary>
    internal static bool ReplaceCurrent(ApieClient expected, ApieClient? replacement)
    {
        lock (s_gate)
        {
            if (!ReferenceEquals(s_current, expected))
            {
                return false;
            }

            Volatile.Write(ref s_current, replacement);
            return true;
        }
    }

    /// <summary>Returns the current client without building the default one, or null when none was created yet.</summary>
    internal static ApieClient? PeekCurrent() => Volatile.Read(ref s_current);

    /// <summary>Waits until the agent is registered; returns false when registration was given up or the client is disabled.</summary>
    public async Task<bool> ReadyAsync(CancellationToken cancellationToken = default)
    {
        if (_dispatcher is null || _identify is null)
        {
            return false;
        }

        _dispatcher.Wake();
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
        {
            return await (await Task.WhenAny(_identify.Done, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends everything queued so far. When sending fails, the items stay queued and <c>onError</c> decides:
    /// keep quiet, log a warning, or throw an <see cref="ApieException"/>.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_dispatcher is null)
        {
            return;
        }

        if (await _dispatcher.FlushAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var diagnostics = _dispatcher.GetDiagnostics();
        var message = $"Apie could not send {diagnostics.QueueSize} queued items to {Destination}: {diagnostics.LastErrorMessage}";
        switch (Settings.OnError)
        {
            case ApieErrorMode.Throw:
                throw new ApieException(message);
            case ApieErrorMode.Warn:
                _logger.LogWarning("{Message}. They stay queued for the next flush.", message);
                break;
        }
    }

    /// <summary>Stops the flush timer and sends what is queued, within the configured shutdown timeout.</summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        if (_dispatcher is null)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        var shutdown = _dispatcher.ShutdownAsync(Settings.ShutdownTimeout);
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
        {
            await (await Task.WhenAny(shutdown, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    /// <summary>Returns a snapshot of the outbound queue's counters.</summary>
    public ApieQueueDiagnostics GetQueueDiagnostics() => _dispatcher?.GetDiagnostics() ?? new ApieQueueDiagnostics();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(ShutdownAsync());

    /// <inheritdoc />
    public void Dispose()
    {
        // Shutdown is bounded by the shutdown timeout and its work never needs this thread.
        ShutdownAsync().GetAwaiter().GetResult();
    }

    internal void Wake() => _dispatcher?.Wake();

    /// <summary>
    /// The flush at the end of an outermost asynchronous call: bounded, skipped while the service is failing, and
    /// skipped while another call already waits for one. A console program's single flow waits, so its last events
    /// usually leave before it exits, and shutdown sends the rest. A server's concurrent requests do not each wait.
    /// </summary>
    internal async Task FlushForCompletionAsync()
    {
        if (_dispatcher is null || !_dispatcher.IsHealthy || _dispatcher.IsStopped)
        {
            _dispatcher?.Wake();
            return;
        }

        if (Interlocked.Increment(ref _completionFlushes) > 1)
        {
            Interlocked.Decrement(ref _completionFlushes);
            _dispatcher.Wake();
            return;
        }

        using var timeout = new CancellationTokenSource(Settings.CompletionFlushTimeout);
        try
        {
            await _dispatcher.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The bound passed: the rest goes out in the background.
        }
        finally
        {
            Interlocked.Decrement(ref _completionFlushes);
        }
    }

    private static ApieClient CreateDefault()
    {
        lock (s_gate)
        {
            if (s_current is not null)
            {
                return s_current;
            }

            var directory = Directory.GetCurrentDirectory();
            ApieClient client;
            try
            {
                client = new ApieClient(ConfigurationLoader.Resolve(null, directory, System.Environment.GetEnvironmentVariable), null);
            }
            catch (Exception exception) when (exception is ApieConfigurationException or IOException or UnauthorizedAccessException)
            {
                StandardErrorLogger.Instance.LogWarning("{Reason} Apie ignores the configuration and runs in local mode.", exception.Message);
                client = CreateFallback(directory);
            }

            Volatile.Write(ref s_current, client);
            return client;
        }
    }

    private static ApieClient CreateFallback(string directory)
    {
        var local = new ApieOptions { ReadExternalConfiguration = false };
        try
        {
            return new ApieClient(ConfigurationLoader.Resolve(local, directory, _ => null), null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            StandardErrorLogger.Instance.LogWarning("Apie cannot write its local request file ({Reason}) and records nothing.", exception.Message);
            local.Enabled = false;
            return new ApieClient(ConfigurationLoader.Resolve(local, directory, _ => null), null);
        }
    }

    /// <summary>
    /// Opens the queue journal that <c>queueStoragePath</c> names and reads what a previous process left. A journal
    /// that cannot be opened, such as one another process uses, is logged and the queue stays in memory.
    /// </summary>
    private (QueueJournal? Journal, List<OutboundItem> Restored) OpenJournal(ApieSettings settings)
    {
        if (settings.QueueStoragePath is not { } path)
        {
            return (null, new List<OutboundItem>());
        }

        try
        {
            var (journal, restored, skipped) = QueueJournal.Open(path);
            if (restored.Count > 0 || skipped > 0)
            {
                _logger.LogInformation(
                    "Apie restored {Count} queued items from {Path}{Skipped}.",
                    restored.Count,
                    path,
                    skipped > 0 ? $" and skipped {skipped} unreadable lines" : "");
            }

            return (journal, restored);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(
                "Apie cannot use the queue file {Path} ({Reason}); the queue stays in memory. Give each process its own queueStoragePath.",
                path,
                exception.Message);
            return (null, new List<OutboundItem>());
        }
    }

    private static IdentifyRequest IdentifyRequestFor(ApieSettings settings) => new()
    {
        Agent = new IdentifyAgent
        {
            Key = settings.AgentKey,
            Name = settings.AgentName,
            Purpose = settings.AgentPurpose,
            OwnerEmail = settings.AgentOwner,
            Team = settings.AgentTeam,
            Description = settings.AgentDescription,
        },
        Runtime = new IdentifyRuntime
        {
            Environment = settings.Environment,
            Framework = settings.Framework,
            Language = settings.Language,
            SdkVersion = settings.SdkVersion,
        },
        Model = settings.ModelProvider is null && settings.ModelName is null
            ? null
            : new IdentifyModel { Provider = settings.ModelProvider, Name = settings.ModelName },
        Mode = settings.Mode == ApieMode.Enforce ? "enforce" : "monitor",
        Tools = settings.Tools,
        Capabilities = settings.Capabilities.Count == 0 ? null : settings.Capabilities,
        Hostname = System.Environment.MachineName,
        Version = settings.Version is null ? null : new IdentifyVersion { Name = settings.Version },
        Source = settings.GitSha is null && settings.DeploymentId is null
            ? null
            : new IdentifySource { GitSha = settings.GitSha, DeploymentId = settings.DeploymentId },
    };

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            _dispatcher?.ShutdownAsync(Settings.ShutdownTimeout).GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Apie could not send its queue at process exit.");
        }
    }
}
