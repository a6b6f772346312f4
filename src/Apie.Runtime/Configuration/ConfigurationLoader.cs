using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Apie.Configuration;

/// <summary>
/// Merges the configuration sources: options given in code first, then <c>apie.config.json</c>, then the
/// environment. A later source only fills what the earlier ones left unset.
/// </summary>
internal static class ConfigurationLoader
{
    private const string CodeSource = "ApieOptions (code)";
    private const string KeyVariable = "APIE_API_KEY";
    private const string UrlVariable = "APIE_BASE_URL";

    public static ApieSettings Resolve(ApieOptions? code, string workingDirectory, Func<string, string?> environment)
    {
        code ??= new ApieOptions();
        var readExternal = code.ReadExternalConfiguration;
        IReadOnlyList<string> unknownFields = Array.Empty<string>();
        var file = readExternal ? ConfigurationFile.Read(workingDirectory, out unknownFields) : null;
        var fileSource = $"the file {Path.Combine(workingDirectory, ConfigurationFile.FileName)}";

        var (apiKey, apiKeySource) = First(
            (code.ApiKey, CodeSource),
            (file?.ApiKey, fileSource),
            (readExternal ? Blank(environment(KeyVariable)) : null, $"the {KeyVariable} environment variable"));
        if (apiKey is not null)
        {
            ConfigurationValues.CheckApiKey(apiKey, apiKeySource);
        }

        var baseUrl = code.BaseUrl is null ? null : ConfigurationValues.CheckBaseUrl(code.BaseUrl, "baseUrl", CodeSource);
        baseUrl ??= file?.BaseUrl;
        if (baseUrl is null && readExternal)
        {
            baseUrl = ConfigurationValues.ParseBaseUrl(environment(UrlVariable), "baseUrl", $"the {UrlVariable} environment variable");
        }

        if (baseUrl is null && apiKey is not null)
        {
            baseUrl = new Uri(ApieSettings.DefaultBaseUrl);
        }

        var defaultName = Assembly.GetEntryAssembly()?.GetName().Name ?? "dotnet-agent";
        var sources = new[] { code, file };
        string? Pick(Func<ApieOptions, string?> read) => sources.Select(s => s is null ? null : Blank(read(s))).FirstOrDefault(v => v is not null);
        (T? Value, string Source) Sourced<T>(Func<ApieOptions, T?> read)
            where T : struct
            => code is not null && read(code) is { } fromCode ? (fromCode, CodeSource)
               : file is not null && read(file) is { } fromFile ? (fromFile, fileSource)
               : (null, string.Empty);
        T? PickValue<T>(Func<ApieOptions, T?> read)
            where T : struct
            => Sourced(read).Value;
        IReadOnlyList<string> PickList(Func<ApieOptions, IList<string>?> read)
            => sources.Select(s => s is null ? null : read(s)).FirstOrDefault(v => v is not null)?.ToArray() ?? Array.Empty<string>();

        return new ApieSettings
        {
            ApiKey = apiKey,
            BaseUrl = baseUrl,
            ConfigurationFile = file is null ? null : Path.Combine(workingDirectory, ConfigurationFile.FileName),
            UnknownFileFields = unknownFields,
            Enabled = PickValue(o => o.Enabled) ?? true,
            LocalDirectory = Path.GetFullPath(Path.Combine(workingDirectory, Blank(code.LocalDirectory) ?? ".apie")),
            AgentKey = Pick(o => o.Agent.Key) ?? defaultName,
            AgentName = Pick(o => o.Agent.Name) ?? defaultName,
            AgentPurpose = Pick(o => o.Agent.Purpose),
            AgentOwner = Pick(o => o.Agent.Owner),
            AgentTeam = Pick(o => o.Agent.Team),
            AgentDescription = Pick(o => o.Agent.Description),
            Environment = Pick(o => o.Runtime.Environment),
            Framework = Pick(o => o.Runtime.Framework) ?? "dotnet",
            Language = Pick(o => o.Runtime.Language) ?? "csharp",
            SdkVersion = Pick(o => o.Runtime.SdkVersion) ?? SdkInfo.Version,
            ModelProvider = Pick(o => o.Model.Provider),
            ModelName = Pick(o => o.Model.Name),
            Version = Pick(o => o.Version),
            GitSha = Pick(o => o.Source.GitSha),
            DeploymentId = Pick(o => o.Source.DeploymentId),
            Mode = ConfigurationValues.CheckEnum(PickValue(o => o.Mode) ?? ApieMode.Monitor, "mode"),
            GuardFailureMode = ConfigurationValues.CheckEnum(PickValue(o => o.GuardFailureMode) ?? ApieGuardFailureMode.FailOpen, "guardFailureMode"),
            ApprovalTimeout = Positive(Sourced(o => o.ApprovalTimeout), TimeSpan.FromMinutes(5), "approvalTimeoutMs"),
            Capabilities = PickList(o => o.Capabilities),
            Tools = PickList(o => o.Tools),
            FlushInterval = Positive(Sourced(o => o.FlushInterval), TimeSpan.FromSeconds(2), "flushIntervalMs"),
            MaxBatchSize = Positive(Sourced(o => o.MaxBatchSize), 25, "maxBatchSize"),
            MaxQueueSize = Positive(Sourced(o => o.MaxQueueSize), 5000, "maxQueueSize"),
            RetryAttempts = Positive(Sourced(o => o.RetryAttempts), 3, "retryAttempts"),
            RetryBaseDelay = Positive(Sourced(o => o.RetryBaseDelay), TimeSpan.FromMilliseconds(250), "retryBaseDelayMs"),
            QueueStoragePath = Pick(o => o.QueueStoragePath) is { } queuePath ? Path.GetFullPath(Path.Combine(workingDirectory, queuePath)) : null,
            QueueDropPolicy = ConfigurationValues.CheckEnum(PickValue(o => o.QueueDropPolicy) ?? ApieQueueDropPolicy.DropOldest, "queueDropPolicy"),
            OnError = ConfigurationValues.CheckEnum(PickValue(o => o.OnError) ?? ApieErrorMode.Warn, "onError"),
            RedactKeys = PickList(o => o.RedactKeys),
            RedactAllowPaths = PickList(o => o.RedactAllowPaths),
            RedactDenyPatterns = PickList(o => o.RedactDenyPatterns),
            MaxEventPayloadBytes = Sourced(o => o.MaxEventPayloadBytes) is { Value: { } limit } payloadLimit
                ? ConfigurationValues.CheckPositive(limit, "maxEventPayloadBytes", payloadLimit.Source)
                : null,
            AutoInferFromToolNames = PickValue(o => o.Boundary.AutoInferFromToolNames) ?? false,
            Timeout = Positive(Sourced(o => o.Timeout), TimeSpan.FromSeconds(10), "timeout"),
            Headers = (IReadOnlyDictionary<string, string>?)sources
                .Select(s => s?.Headers)
                .FirstOrDefault(h => h is not null)?
                .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase)
                ?? new Dictionary<string, string>(),
            CompletionFlushTimeout = Positive((code.CompletionFlushTimeout, CodeSource), TimeSpan.FromSeconds(2), "completionFlushTimeout"),
            ShutdownTimeout = Positive((code.ShutdownTimeout, CodeSource), TimeSpan.FromSeconds(5), "shutdownTimeout"),
        };
    }

    private static (string? Value, string Source) First(params (string? Value, string Source)[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (Blank(candidate.Value) is { } value)
            {
                return (value, candidate.Source);
            }
        }

        return (null, string.Empty);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int Positive((int? Value, string Source) sourced, int fallback, string field)
        => sourced.Value is { } number ? ConfigurationValues.CheckPositive(number, field, sourced.Source) : fallback;

    private static TimeSpan Positive((TimeSpan? Value, string Source) sourced, TimeSpan fallback, string field)
        => sourced.Value is { } span ? ConfigurationValues.CheckPositive(span, field, sourced.Source) : fallback;
}
