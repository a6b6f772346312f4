using System;
using System.Collections.Generic;
using System.Net.Http;
using Microsoft.Extensions.Logging;

namespace Apie;

/// <summary>
/// The client's configuration. A property left null is filled from <c>apie.config.json</c> in the working
/// directory, then from the environment (<c>APIE_API_KEY</c>, <c>APIE_BASE_URL</c>), then from the default.
/// </summary>
public sealed class ApieOptions
{
    /// <summary>The API key, such as <c>apie_sk_test_…</c>. With neither a key nor a base URL the client runs in local mode.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The absolute http or https URL of the Apie service; <c>http://localhost:3000</c> when only a key is set.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Whether the client records anything. <c>false</c> makes every call a no-op that never touches the network.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The agent being observed. Key and name default to the entry assembly's name.</summary>
    public ApieAgentOptions Agent { get; set; } = new();

    /// <summary>Where the agent runs: its environment, framework, language and SDK version.</summary>
    public ApieRuntimeOptions Runtime { get; set; } = new();

    /// <summary>The model the agent uses, sent at registration.</summary>
    public ApieModelOptions Model { get; set; } = new();

    /// <summary>The agent's version label, sent at registration.</summary>
    public string? Version { get; set; }

    /// <summary>Where the agent's code came from, sent at registration.</summary>
    public ApieSourceOptions Source { get; set; } = new();

    /// <summary>How tool calls are described to the guardrails when their attributes leave fields out.</summary>
    public ApieBoundaryOptions Boundary { get; set; } = new();

    /// <summary>Whether guardrail decisions only get recorded (<see cref="ApieMode.Monitor"/>, the default) or also stop tools.</summary>
    public ApieMode? Mode { get; set; }

    /// <summary>What a tool call does when the guardrail request itself fails; <see cref="ApieGuardFailureMode.FailOpen"/> by default.</summary>
    public ApieGuardFailureMode? GuardFailureMode { get; set; }

    /// <summary>How long enforce mode waits for a human approval; 5 minutes by default.</summary>
    public TimeSpan? ApprovalTimeout { get; set; }

    /// <summary>The agent's capabilities, sent at registration.</summary>
    public IList<string>? Capabilities { get; set; }

    /// <summary>The names of the agent's tools, sent at registration.</summary>
    public IList<string>? Tools { get; set; }

    /// <summary>How often queued events are sent; 2 seconds by default.</summary>
    public TimeSpan? FlushInterval { get; set; }

    /// <summary>The maximum number of events in one request; 25 by default.</summary>
    public int? MaxBatchSize { get; set; }

    /// <summary>The maximum number of queued events; 5000 by default. <see cref="QueueDropPolicy"/> decides what a full queue drops.</summary>
    public int? MaxQueueSize { get; set; }

    /// <summary>The number of attempts per request, the first included; 3 by default.</summary>
    public int? RetryAttempts { get; set; }

    /// <summary>The wait before the second attempt, doubled for each later one; 250 milliseconds by default.</summary>
    public TimeSpan? RetryBaseDelay { get; set; }

    /// <summary>
    /// A file that keeps the queue across restarts, relative to the working directory: a restart sends what a
    /// stopped or killed process left. One process at a time uses a file.
    /// </summary>
    public string? QueueStoragePath { get; set; }

    /// <summary>Which events a full queue drops; <see cref="ApieQueueDropPolicy.DropOldest"/> by default.</summary>
    public ApieQueueDropPolicy? QueueDropPolicy { get; set; }

    /// <summary>What an explicit flush does when sending fails; <see cref="ApieErrorMode.Warn"/> by default.</summary>
    public ApieErrorMode? OnError { get; set; }

    /// <summary>Extra keys whose values are redacted before anything is queued, besides the default secret keys.</summary>
    public IList<string>? RedactKeys { get; set; }

    /// <summary>Metadata paths that are never redacted.</summary>
    public IList<string>? RedactAllowPaths { get; set; }

    /// <summary>Regular expressions whose matches are redacted wherever they appear.</summary>
    public IList<string>? RedactDenyPatterns { get; set; }

    /// <summary>The maximum size of one serialized event in bytes; larger events keep their identity and lose their metadata.</summary>
    public int? MaxEventPayloadBytes { get; set; }

    /// <summary>The timeout of one HTTP request; 10 seconds by default.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Extra HTTP headers sent with every request.</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>
    /// How long an asynchronous outermost run or session waits, after its work ends, for the queue to be sent;
    /// 2 seconds by default. Synchronous methods never wait: they only start the send.
    /// </summary>
    public TimeSpan? CompletionFlushTimeout { get; set; }

    /// <summary>How long shutdown, and the flush at process exit, may take; 5 seconds by default.</summary>
    public TimeSpan? ShutdownTimeout { get; set; }

    /// <summary>The folder local mode writes <c>requests.ndjson</c> to; <c>.apie</c> under the working directory by default.</summary>
    public string? LocalDirectory { get; set; }

    /// <summary>Where the client logs; by default warnings and the local-mode notice go to standard error.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The HTTP client to send with; the client creates its own when null.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Whether to read <c>apie.config.json</c> and the environment; <c>true</c> by default.</summary>
    public bool ReadExternalConfiguration { get; set; } = true;
}

/// <summary>The agent being observed, registered once per process.</summary>
public sealed class ApieAgentOptions
{
    /// <summary>The stable key of the agent, such as <c>support-pipeline</c>.</summary>
    public string? Key { get; set; }

    /// <summary>The display name of the agent.</summary>
    public string? Name { get; set; }

    /// <summary>What the agent is for.</summary>
    public string? Purpose { get; set; }

    /// <summary>The email address of the agent's owner, sent as <c>owner_email</c>.</summary>
    public string? Owner { get; set; }

    /// <summary>The team that owns the agent.</summary>
    public string? Team { get; set; }

    /// <summary>A longer description of the agent.</summary>
    public string? Description { get; set; }
}

/// <summary>Where the agent runs.</summary>
public sealed class ApieRuntimeOptions
{
    /// <summary>The environment, such as <c>production</c>; sent with every run, session and event.</summary>
    public string? Environment { get; set; }

    /// <summary>The framework name sent at registration; <c>dotnet</c> by default.</summary>
    public string? Framework { get; set; }

    /// <summary>The language sent at registration; <c>csharp</c> by default.</summary>
    public string? Language { get; set; }

    /// <summary>The SDK version sent at registration; the version of this library by default.</summary>
    public string? SdkVersion { get; set; }
}

/// <summary>Where the agent's code came from.</summary>
public sealed class ApieSourceOptions
{
    /// <summary>The commit the agent was built from, sent as <c>source.git_sha</c>.</summary>
    public string? GitSha { get; set; }

    /// <summary>The deployment the agent runs in, sent as <c>source.deployment_id</c>.</summary>
    public string? DeploymentId { get; set; }
}

/// <summary>How tool calls are described to the guardrails: <c>boundary</c> in <c>apie.config.json</c>.</summary>
public sealed class ApieBoundaryOptions
{
    /// <summary>
    /// Whether a tool's action type, resource type and risk level are inferred from its name, such as
    /// <c>github.merge_pr</c> → merge, <c>code_repository</c>, high. Values given on the tool always win. Off by default.
    /// </summary>
    public bool? AutoInferFromToolNames { get; set; }
}

/// <summary>The model the agent uses by default; <c>[ApieLlmCall]</c> falls back to it.</summary>
public sealed class ApieModelOptions
{
    /// <summary>The model provider, such as <c>openai</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>The model name.</summary>
    public string? Name { get; set; }
}

/// <summary>How guardrail decisions act on tool calls.</summary>
public enum ApieMode
{
    /// <summary>Decisions are recorded and logged; tools always run.</summary>
    Monitor,

    /// <summary>A block stops the tool and an approval request waits for a human.</summary>
    Enforce,
}

/// <summary>What a tool call does when the guardrail request fails.</summary>
public enum ApieGuardFailureMode
{
    /// <summary>Allow the tool and log a warning.</summary>
    FailOpen,

    /// <summary>Treat the failure as a block.</summary>
    FailClosed,

    /// <summary>Throw the failure to the caller.</summary>
    Throw,
}

/// <summary>Which events a full queue drops.</summary>
public enum ApieQueueDropPolicy
{
    /// <summary>Drop the oldest queued event to make room.</summary>
    DropOldest,

    /// <summary>Drop the event being added.</summary>
    DropNewest,
}

/// <summary>What an explicit flush does when sending fails.</summary>
public enum ApieErrorMode
{
    /// <summary>Keep quiet.</summary>
    Silent,

    /// <summary>Log a warning.</summary>
    Warn,

    /// <summary>Throw an <see cref="ApieException"/> from <see cref="ApieClient.FlushAsync"/>.</summary>
    Throw,
}
