using System;
using System.Collections.Generic;

namespace Apie.Configuration;

/// <summary>The configuration after every source was read and every default applied; immutable.</summary>
internal sealed class ApieSettings
{
    public const string DefaultBaseUrl = "http://localhost:3000";

    public string? ApiKey { get; init; }

    /// <summary>The service URL, or null in local mode.</summary>
    public Uri? BaseUrl { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>The <c>apie.config.json</c> that was read, or null.</summary>
    public string? ConfigurationFile { get; init; }

    /// <summary>Fields of the configuration file that no option reads.</summary>
    public IReadOnlyList<string> UnknownFileFields { get; init; } = Array.Empty<string>();

    public bool LocalMode => BaseUrl is null;

    public string LocalDirectory { get; init; } = ".apie";

    public string AgentKey { get; init; } = "agent";

    public string AgentName { get; init; } = "agent";

    public string? AgentPurpose { get; init; }

    public string? AgentOwner { get; init; }

    public string? AgentTeam { get; init; }

    public string? AgentDescription { get; init; }

    public string? Environment { get; init; }

    public string Framework { get; init; } = "dotnet";

    public string Language { get; init; } = "csharp";

    public string SdkVersion { get; init; } = "0.1.0";

    public string? ModelProvider { get; init; }

    public string? ModelName { get; init; }

    public string? Version { get; init; }

    public string? GitSha { get; init; }

    public string? DeploymentId { get; init; }

    public ApieMode Mode { get; init; } = ApieMode.Monitor;

    public ApieGuardFailureMode GuardFailureMode { get; init; } = ApieGuardFailureMode.FailOpen;

    public TimeSpan ApprovalTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public IReadOnlyList<string> Capabilities { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> Tools { get; init; } = Array.Empty<string>();

    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(2);

    public int MaxBatchSize { get; init; } = 25;

    public int MaxQueueSize { get; init; } = 5000;

    public int RetryAttempts { get; init; } = 3;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public string? QueueStoragePath { get; init; }

    public ApieQueueDropPolicy QueueDropPolicy { get; init; } = ApieQueueDropPolicy.DropOldest;

    public ApieErrorMode OnError { get; init; } = ApieErrorMode.Warn;

    public IReadOnlyList<string> RedactKeys { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> RedactAllowPaths { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> RedactDenyPatterns { get; init; } = Array.Empty<string>();

    public int? MaxEventPayloadBytes { get; init; }

    public bool AutoInferFromToolNames { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public TimeSpan CompletionFlushTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
