using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Apie.Configuration;

/// <summary>
/// Reads <c>apie.config.json</c> into an <see cref="ApieOptions"/>. Every value is checked as it is read, so an
/// error names the field and the file.
/// </summary>
internal static class ConfigurationFile
{
    public const string FileName = "apie.config.json";

    /// <summary>Returns the options in the file, or null when the file does not exist.</summary>
    /// <param name="directory">The folder that may contain the file.</param>
    /// <param name="unknownFields">The fields in the file that no option reads, such as a misspelled <c>baseURL</c>.</param>
    public static ApieOptions? Read(string directory, out IReadOnlyList<string> unknownFields)
    {
        unknownFields = Array.Empty<string>();
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var source = $"the file {path}";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions
            {
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
            });
        }
        catch (JsonException exception)
        {
            throw ApieConfigurationException.ForFile(path, $"is not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ApieConfigurationException.ForFile(path, "must contain one JSON object.");
            }

            var read = new HashSet<string>(StringComparer.Ordinal);
            var options = ReadOptions(new Reader(document.RootElement, source, read));
            unknownFields = UnknownFields(document.RootElement, "", read);
            return options;
        }
    }

    private static ApieOptions ReadOptions(Reader root)
    {
        var options = new ApieOptions
        {
            ApiKey = root.String("apiKey"),
            BaseUrl = ConfigurationValues.ParseBaseUrl(root.String("baseUrl"), "baseUrl", root.Source),
            Enabled = root.Boolean("enabled"),
            Version = root.String("version"),
            Mode = root.Enum("mode", ConfigurationValues.Modes),
            GuardFailureMode = root.Enum("guardFailureMode", ConfigurationValues.GuardFailureModes),
            ApprovalTimeout = root.Milliseconds("approvalTimeoutMs"),
            Capabilities = root.Strings("capabilities"),
            Tools = root.Strings("tools"),
            FlushInterval = root.Milliseconds("flushIntervalMs"),
            MaxBatchSize = root.Integer("maxBatchSize"),
            MaxQueueSize = root.Integer("maxQueueSize"),
            RetryAttempts = root.Integer("retryAttempts"),
            RetryBaseDelay = root.Milliseconds("retryBaseDelayMs"),
            QueueStoragePath = root.String("queueStoragePath"),
            QueueDropPolicy = root.Enum("queueDropPolicy", ConfigurationValues.DropPolicies),
            OnError = root.Enum("onError", ConfigurationValues.ErrorModes),
            RedactKeys = root.Strings("redactKeys"),
            RedactAllowPaths = root.Strings("redactAllowPaths"),
            RedactDenyPatterns = root.Strings("redactDenyPatterns"),
            MaxEventPayloadBytes = root.Integer("maxEventPayloadBytes"),
            Timeout = root.Milliseconds("timeout"),
            Headers = root.StringMap("headers"),
        };

        if (root.Object("agent") is { } agent)
        {
            options.Agent.Key = agent.String("key");
            options.Agent.Name = agent.String("name");
            options.Agent.Purpose = agent.String("purpose");
            options.Agent.Owner = agent.String("owner");
            options.Agent.Team = agent.String("team");
            options.Agent.Description = agent.String("description");
        }

        if (root.Object("runtime") is { } runtime)
        {
            options.Runtime.Environment = runtime.String("environment");
            options.Runtime.Framework = runtime.String("framework");
            options.Runtime.Language = runtime.String("language");
            options.Runtime.SdkVersion = runtime.String("sdkVersion");
        }

        if (root.Object("boundary") is { } boundary)
        {
            options.Boundary.AutoInferFromToolNames = boundary.Boolean("autoInferFromToolNames");
        }

        if (root.Object("model") is { } model)
        {
            options.Model.Provider = model.String("provider");
            options.Model.Name = model.String("name");
        }

        if (root.Object("source") is { } source)
        {
            options.Source.GitSha = source.String("gitSha");
            options.Source.DeploymentId = source.String("deploymentId");
        }

        return options;
    }

    private static List<string> UnknownFields(JsonElement element, string prefix, HashSet<string> read)
    {
        var unknown = new List<string>();
        foreach (var property in element.EnumerateObject())
        {
            var path = prefix + property.Name;
            if (!read.Contains(path))
            {
                unknown.Add(path);
            }
            else if (property.Value.ValueKind == JsonValueKind.Object && path != "headers")
            {
                unknown.AddRange(UnknownFields(property.Value, path + ".", read));
            }
        }

        return unknown;
    }

    /// <summary>Reads typed values from one JSON object, naming the full field path in every error.</summary>
    private readonly struct Reader
    {
        private readonly JsonElement _element;
        private readonly string _prefix;
        private readonly HashSet<string> _read;

        public Reader(JsonElement element, string source, HashSet<string> read, string prefix = "")
        {
            _element = element;
            Source = source;
            _read = read;
            _prefix = prefix;
        }

        public string Source { get; }

        public string? String(string name)
            => Get(name, JsonValueKind.String, "a string") is { } value ? value.GetString() : null;

        public bool? Boolean(string name)
        {
            _read.Add(_prefix + name);
            if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Invalid(name, "must be true or false."),
            };
        }

        public int? Integer(string name)
        {
            if (Get(name, JsonValueKind.Number, "a whole number") is not { } value)
            {
                return null;
            }

            if (!value.TryGetInt32(out var number))
            {
                throw Invalid(name, $"must be a whole number, not {value.GetRawText()}.");
            }

            return number;
        }

        public TimeSpan? Milliseconds(string name)
            => Integer(name) is { } milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : null;

        public T? Enum<T>(string name, IReadOnlyDictionary<string, T> values)
            where T : struct
        {
            var text = String(name);
            if (text is null)
            {
                return null;
            }

            if (values.TryGetValue(text, out var value))
            {
                return value;
            }

            throw Invalid(name, $"is '{text}', which is not one of: {string.Join(", ", values.Keys)}.");
        }

        public IList<string>? Strings(string name)
        {
            if (Get(name, JsonValueKind.Array, "an array of strings") is not { } array)
            {
                return null;
            }

            var items = new List<string>();
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw Invalid(name, "must be an array of strings.");
                }

                items.Add(item.GetString()!);
            }

            return items;
        }

        public IDictionary<string, string>? StringMap(string name)
        {
            if (Object(name) is not { } map)
            {
                return null;
            }

            var items = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in map._element.EnumerateObject())
            {
                items[property.Name] = map.String(property.Name)!;
            }

            return items;
        }

        public Reader? Object(string name)
            => Get(name, JsonValueKind.Object, "an object") is { } value ? new Reader(value, Source, _read, _prefix + name + ".") : null;

        private JsonElement? Get(string name, JsonValueKind kind, string expected)
        {
            _read.Add(_prefix + name);
            if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != kind)
            {
                throw Invalid(name, $"must be {expected}, not {value.ValueKind.ToString().ToLowerInvariant()}.");
            }

            return value;
        }

        private ApieConfigurationException Invalid(string name, string problem)
            => new(_prefix + name, Source, problem);
    }
}
