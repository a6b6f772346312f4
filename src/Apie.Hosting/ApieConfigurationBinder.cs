using System;
using System.Collections.Generic;
using Apie.Hosting;
using Microsoft.Extensions.Configuration;

namespace Apie;

/// <summary>
/// Binds <see cref="ApieOptions"/> from an <see cref="IConfiguration"/> section by hand, without the reflection
/// of <c>ConfigurationBinder</c>, so it works under trimming and NativeAOT. Keys are the field names of
/// <c>apie.config.json</c>, in any case (<c>flushIntervalMs</c> or <c>FlushIntervalMs</c>); lists are indexed
/// children such as <c>Apie:tools:0</c>, and durations are whole milliseconds.
/// </summary>
public static class ApieConfigurationBinder
{
    /// <summary>The section that <c>AddApie</c> binds: <c>Apie</c>.</summary>
    public const string SectionName = "Apie";

    /// <summary>
    /// Sets every option that <paramref name="section"/> contains and leaves the others as they are. Besides the
    /// fields of <c>apie.config.json</c>, it reads <c>completionFlushTimeoutMs</c>, <c>shutdownTimeoutMs</c>,
    /// <c>localDirectory</c> and <c>readExternalConfiguration</c>. An empty value counts as unset.
    /// </summary>
    /// <param name="section">The section to read, such as <c>configuration.GetSection("Apie")</c>.</param>
    /// <param name="options">The options to fill.</param>
    /// <returns>The paths of keys that no option reads, such as a misspelled <c>Apie:baseURI</c>.</returns>
    /// <exception cref="ApieConfigurationException">A value is invalid; the message names its full key path.</exception>
    public static IReadOnlyList<string> Bind(IConfiguration section, ApieOptions options)
    {
        if (section is null)
        {
            throw new ArgumentNullException(nameof(section));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var root = new SectionReader(section);
        BindRoot(root, options);
        BindNested(root, options);
        return root.UnknownKeys();
    }

    private static void BindRoot(SectionReader root, ApieOptions options)
    {
        options.ApiKey = root.ApiKey("apiKey") ?? options.ApiKey;
        options.BaseUrl = root.Url("baseUrl") ?? options.BaseUrl;
        options.Enabled = root.Boolean("enabled") ?? options.Enabled;
        options.Version = root.String("version") ?? options.Version;
        options.Mode = root.Enum("mode", WireNames.Modes) ?? options.Mode;
        options.GuardFailureMode = root.Enum("guardFailureMode", WireNames.GuardFailureModes) ?? options.GuardFailureMode;
        options.ApprovalTimeout = root.Milliseconds("approvalTimeoutMs") ?? options.ApprovalTimeout;
        options.Capabilities = root.Strings("capabilities") ?? options.Capabilities;
        options.Tools = root.Strings("tools") ?? options.Tools;
        options.FlushInterval = root.Milliseconds("flushIntervalMs") ?? options.FlushInterval;
        options.MaxBatchSize = root.PositiveInteger("maxBatchSize") ?? options.MaxBatchSize;
        options.MaxQueueSize = root.PositiveInteger("maxQueueSize") ?? options.MaxQueueSize;
        options.RetryAttempts = root.PositiveInteger("retryAttempts") ?? options.RetryAttempts;
        options.RetryBaseDelay = root.Milliseconds("retryBaseDelayMs") ?? options.RetryBaseDelay;
        options.QueueStoragePath = root.String("queueStoragePath") ?? options.QueueStoragePath;
        options.QueueDropPolicy = root.Enum("queueDropPolicy", WireNames.DropPolicies) ?? options.QueueDropPolicy;
        options.OnError = root.Enum("onError", WireNames.ErrorModes) ?? options.OnError;
        options.RedactKeys = root.Strings("redactKeys") ?? options.RedactKeys;
        options.RedactAllowPaths = root.Strings("redactAllowPaths") ?? options.RedactAllowPaths;
        options.RedactDenyPatterns = root.Strings("redactDenyPatterns") ?? options.RedactDenyPatterns;
        options.MaxEventPayloadBytes = root.PositiveInteger("maxEventPayloadBytes") ?? options.MaxEventPayloadBytes;
        options.Timeout = root.Milliseconds("timeout") ?? options.Timeout;
        options.Headers = root.StringMap("headers") ?? options.Headers;
        options.CompletionFlushTimeout = root.Milliseconds("completionFlushTimeoutMs") ?? options.CompletionFlushTimeout;
        options.ShutdownTimeout = root.Milliseconds("shutdownTimeoutMs") ?? options.ShutdownTimeout;
        options.LocalDirectory = root.String("localDirectory") ?? options.LocalDirectory;
        options.ReadExternalConfiguration = root.Boolean("readExternalConfiguration") ?? options.ReadExternalConfiguration;
    }

    private static void BindNested(SectionReader root, ApieOptions options)
    {
        var agent = root.Child("agent");
        options.Agent.Key = agent.String("key") ?? options.Agent.Key;
        options.Agent.Name = agent.String("name") ?? options.Agent.Name;
        options.Agent.Purpose = agent.String("purpose") ?? options.Agent.Purpose;
        options.Agent.Owner = agent.String("owner") ?? options.Agent.Owner;
        options.Agent.Team = agent.String("team") ?? options.Agent.Team;
        options.Agent.Description = agent.String("description") ?? options.Agent.Description;

        var runtime = root.Child("runtime");
        options.Runtime.Environment = runtime.String("environment") ?? options.Runtime.Environment;
        options.Runtime.Framework = runtime.String("framework") ?? options.Runtime.Framework;
        options.Runtime.Language = runtime.String("language") ?? options.Runtime.Language;
        options.Runtime.SdkVersion = runtime.String("sdkVersion") ?? options.Runtime.SdkVersion;

        var boundary = root.Child("boundary");
        options.Boundary.AutoInferFromToolNames = boundary.Boolean("autoInferFromToolNames") ?? options.Boundary.AutoInferFromToolNames;

        var model = root.Child("model");
        options.Model.Provider = model.String("provider") ?? options.Model.Provider;
        options.Model.Name = model.String("name") ?? options.Model.Name;

        var source = root.Child("source");
        options.Source.GitSha = source.String("gitSha") ?? options.Source.GitSha;
        options.Source.DeploymentId = source.String("deploymentId") ?? options.Source.DeploymentId;
    }
}
