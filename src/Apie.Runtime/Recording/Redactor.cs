using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Apie.Configuration;
using Apie.Serialization;

namespace Apie.Recording;

/// <summary>
/// Removes secrets from what is queued, and caps the size of one event.
/// </summary>
/// <remarks>
/// Two rules apply. The key rule replaces the whole value under a key that contains a secret key name, such as
/// <c>db_password</c>, compared case-insensitively. The value rule replaces the parts of a string value that look
/// like a bearer token, an <c>sk_live_</c> or <c>sk_test_</c> key, a JWT, or a match of a configured deny
/// pattern. A value at a configured allow path, or beneath it, is left as it is. Instances are immutable after
/// construction and safe to use from several threads at once.
/// </remarks>
internal sealed partial class Redactor
{
    public const string Marker = "[REDACTED]";

    /// <summary>The maximum length of <c>error.message</c> in a truncated event, in UTF-16 code units.</summary>
    internal const int TruncatedErrorMessageMaxLength = 1024;

    private const int MatchTimeoutMilliseconds = 100;

    private const string BuiltInPattern =
        @"(?i:\bbearer)\s+[A-Za-z0-9\-._~+/]+=*"
        + @"|(?:apie_)?sk_(?:live|test)_[A-Za-z0-9_]+"
        + @"|eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*";

    private static readonly string[] DefaultSecretKeys =
    [
        "apiKey",
        "api_key",
        "password",
        "token",
        "secret",
        "authorization",
        "access_token",
        "refresh_token",
        "private_key",
        "client_secret",
    ];

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(MatchTimeoutMilliseconds);

    private static readonly MatchEvaluator ReplaceWithMarker = match => match.Length == 0 ? string.Empty : Marker;

#if !NET7_0_OR_GREATER
    private static readonly Regex BuiltInRegex = new(BuiltInPattern, RegexOptions.CultureInvariant, MatchTimeout);
#endif

    [ThreadStatic]
    private static ByteCounter? t_byteCounter;

    private readonly string[] _secretKeys;
    private readonly Regex[] _denyPatterns;
    private readonly AllowNode? _allowRoot;
    private readonly int? _maxEventPayloadBytes;

    /// <summary>Prepares the key matcher, the deny patterns and the allow paths of <paramref name="settings"/>.</summary>
    /// <exception cref="ApieConfigurationException">A deny pattern is not a valid .NET regular expression.</exception>
    public Redactor(ApieSettings settings)
    {
        _secretKeys = BuildSecretKeys(settings.RedactKeys);
        _denyPatterns = CompileDenyPatterns(settings);
        _allowRoot = AllowNode.Build(settings.RedactAllowPaths);
        _maxEventPayloadBytes = settings.MaxEventPayloadBytes;
    }

    /// <summary>Replaces the secret-looking parts of <paramref name="text"/> with the marker, using the value rule only.</summary>
    public string? RedactText(string? text) => text is null ? null : RedactValue(text);

    /// <summary>Redacts the values of <paramref name="value"/> in place.</summary>
    /// <param name="value">The object to redact. A null object is ignored.</param>
    /// <param name="path">The dotted path of the object from the event root, such as <c>metadata</c>, matched against the allow paths.</param>
    public void RedactObject(JsonObject? value, string path)
    {
        if (value is null)
        {
            return;
        }

        var allowNode = _allowRoot?.FindPath(path);
        if (allowNode is { Allowed: true })
        {
            return;
        }

        RedactObjectMembers(value, allowNode);
    }

    /// <summary>Redacts the event in place and truncates it when it is larger than <c>maxEventPayloadBytes</c>.</summary>
    public void Apply(WireEvent wire)
    {
        Redact(wire);

        if (_maxEventPayloadBytes is { } limit)
        {
            var size = MeasureSerializedSize(wire);
            if (size > limit)
            {
                Truncate(wire, size, limit);
            }
        }
    }

    /// <summary>Returns the length of the event serialized as UTF-8 JSON, as the transport serializes it.</summary>
    internal static long MeasureSerializedSize(WireEvent wire)
    {
        // Counting the bytes, in place of calling SerializeToUtf8Bytes, avoids allocating the event's bytes.
        var counter = t_byteCounter ??= new ByteCounter(ApieJsonContext.Default.Options);
        return counter.Measure(wire);
    }

    private static string[] BuildSecretKeys(IReadOnlyList<string> customKeys)
    {
        var candidates = new List<string>(DefaultSecretKeys.Length + customKeys.Count);
        candidates.AddRange(DefaultSecretKeys);
        foreach (var key in customKeys)
        {
            if (!string.IsNullOrWhiteSpace(key))
            {
                candidates.Add(key);
            }
        }

        // A key that contains a shorter secret key adds nothing to a contains-match, so only the shortest stay.
        // For example, token covers access_token, and secret covers client_secret.
        candidates.Sort((left, right) => left.Length.CompareTo(right.Length));
        var kept = new List<string>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (!ContainsAny(candidate, kept))
            {
                kept.Add(candidate);
            }
        }

        return kept.ToArray();
    }

    private static Regex[] CompileDenyPatterns(ApieSettings settings)
    {
        var patterns = settings.RedactDenyPatterns;
        var compiled = new List<Regex>(patterns.Count);
        foreach (var pattern in patterns)
        {
            if (string.IsNullOrEmpty(pattern))
            {
                continue;
            }

            try
            {
                compiled.Add(new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout));
            }
            catch (ArgumentException exception)
            {
                // The settings do not record which source set the list, so the message names both possible ones.
                var source = settings.ConfigurationFile is { } file ? $"ApieOptions (code) or the file {file}" : "ApieOptions (code)";
                throw new ApieConfigurationException(
                    "redactDenyPatterns",
                    source,
                    $"contains '{pattern}', which is not a valid .NET regular expression ({exception.Message}). Fix the pattern, escaping characters such as ( [ + * ? with a backslash where they are meant literally, or remove it.",
                    exception);
            }
        }

        return compiled.ToArray();
    }

    private static bool ContainsAny(string text, IEnumerable<string> parts)
    {
        foreach (var part in parts)
        {
            if (text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsSecretKey(string key) => ContainsAny(key, _secretKeys);

    private void Redact(WireEvent wire)
    {
        var root = _allowRoot;

        wire.PayloadSummary = RedactField(wire.PayloadSummary, "payload_summary", root);
        RedactObject(wire.Metadata, root?.Find("metadata"));

        if (wire.Tool is { } tool && Descend(root, "tool", out var toolNode))
        {
            tool.Name = RedactField(tool.Name, "name", toolNode)!;
            tool.Provider = RedactField(tool.Provider, "provider", toolNode);
        }

        if (wire.Action is { } action && Descend(root, "action", out var actionNode))
        {
            action.Name = RedactField(action.Name, "name", actionNode);
        }

        if (wire.Resource is { } resource && Descend(root, "resource", out var resourceNode))
        {
            resource.ExternalId = RedactField(resource.ExternalId, "external_id", resourceNode);
            resource.Provider = RedactField(resource.Provider, "provider", resourceNode);
            resource.Environment = RedactField(resource.Environment, "environment", resourceNode);
        }

        if (wire.Error is { } error && Descend(root, "error", out var errorNode))
        {
            error.Message = RedactField(error.Message, "message", errorNode)!;
            error.Stack = RedactField(error.Stack, "stack", errorNode);
        }

        if (wire.Decision is { } decision && Descend(root, "decision", out var decisionNode))
        {
            decision.Reason = RedactField(decision.Reason, "reason", decisionNode);
        }
    }

    /// <summary>Finds the allow node of a child object. Returns false when the whole child is allowed.</summary>
    private static bool Descend(AllowNode? parent, string key, out AllowNode? child)
    {
        child = parent?.Find(key);
        return child is not { Allowed: true };
    }

    /// <summary>Applies both rules to one typed string field, whose JSON name is <paramref name="key"/>.</summary>
    private string? RedactField(string? value, string key, AllowNode? parent)
    {
        if (value is null || parent?.Find(key) is { Allowed: true })
        {
            return value;
        }

        return IsSecretKey(key) ? Marker : RedactValue(value);
    }

    private void RedactObject(JsonObject? value, AllowNode? allowNode)
    {
        if (value is not null && allowNode is not { Allowed: true })
        {
            RedactObjectMembers(value, allowNode);
        }
    }

    private void RedactObjectMembers(JsonObject value, AllowNode? allowNode)
    {
        // Index-based access lets values be replaced in place without copying the members first.
        for (var index = 0; index < value.Count; index++)
        {
            var member = value.GetAt(index);
            var childNode = allowNode?.Find(member.Key);
            if (childNode is { Allowed: true })
            {
                continue;
            }

            if (IsSecretKey(member.Key))
            {
                value.SetAt(index, JsonValue.Create(Marker));
            }
            else if (RedactNode(member.Value, childNode) is { } replacement)
            {
                value.SetAt(index, replacement);
            }

            // A member name can be a secret too, such as an API key used as a dictionary key. Only the built-in
            // patterns apply here: deny patterns are written for values.
            if (RedactBuiltInPatterns(member.Key) is { } name && !ReferenceEquals(name, member.Key))
            {
                RenameAt(value, index, name);
            }
        }
    }

    // Gives the member at index a redacted name; a number keeps two redacted names apart.
    private static void RenameAt(JsonObject value, int index, string name)
    {
        var unique = name;
        for (var suffix = 2; value.ContainsKey(unique); suffix++)
        {
            unique = name + " " + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var node = value.GetAt(index).Value;
        value.RemoveAt(index);
        value.Insert(index, unique, node);
    }

    private void RedactArrayItems(JsonArray array, AllowNode? allowNode)
    {
        for (var index = 0; index < array.Count; index++)
        {
            if (RedactNode(array[index], allowNode) is { } replacement)
            {
                array[index] = replacement;
            }
        }
    }

    /// <summary>Redacts one node beneath a key that is not secret. Returns the node that replaces it, or null to keep it.</summary>
    private JsonNode? RedactNode(JsonNode? node, AllowNode? allowNode)
    {
        switch (node)
        {
            case JsonObject child:
                RedactObjectMembers(child, allowNode);
                return null;
            case JsonArray array:
                RedactArrayItems(array, allowNode);
                return null;
            case JsonValue scalar when scalar.TryGetValue<string>(out var text):
                var redacted = RedactValue(text);
                return ReferenceEquals(redacted, text) ? null : JsonValue.Create(redacted);
            default:
                return null;
        }
    }

    /// <summary>Applies the value rule. Returns <paramref name="text"/> itself when nothing matches.</summary>
    private string RedactValue(string text)
    {
        try
        {
            var result = text;
            if (MayContainBuiltInSecret(result))
            {
                result = BuiltInSecrets().Replace(result, ReplaceWithMarker);
            }

            foreach (var pattern in _denyPatterns)
            {
                result = pattern.Replace(result, ReplaceWithMarker);
            }

            return result;
        }
        catch (RegexMatchTimeoutException)
        {
            // Fail safe: a pattern that did not finish may have missed a secret, so none of the text is kept.
            return Marker;
        }
    }

    /// <summary>
    /// Returns <paramref name="text"/> with every match of the built-in secret patterns (Bearer tokens, secret keys,
    /// JWTs) replaced: for member names, and for text that goes to logs.
    /// </summary>
    internal static string RedactBuiltInPatterns(string text)
    {
        try
        {
            return MayContainBuiltInSecret(text) ? BuiltInSecrets().Replace(text, ReplaceWithMarker) : text;
        }
        catch (RegexMatchTimeoutException)
        {
            return Marker;
        }
    }

    /// <summary>Checks for the fixed text that every built-in pattern starts with, so most strings skip the regex.</summary>
    private static bool MayContainBuiltInSecret(string text)
        => text.IndexOf("sk_", StringComparison.Ordinal) >= 0
           || text.IndexOf("eyJ", StringComparison.Ordinal) >= 0
           || text.IndexOf("bearer", StringComparison.OrdinalIgnoreCase) >= 0;

#if NET7_0_OR_GREATER
    [GeneratedRegex(BuiltInPattern, RegexOptions.CultureInvariant, MatchTimeoutMilliseconds)]
    private static partial Regex BuiltInSecrets();
#else
    private static Regex BuiltInSecrets() => BuiltInRegex;
#endif

    private static void Truncate(WireEvent wire, long size, int limit)
    {
        wire.Metadata = new JsonObject
        {
            ["apie_payload_truncated"] = true,
            ["apie_payload_bytes"] = size,
            ["apie_payload_max_bytes"] = limit,
        };
        wire.PayloadSummary = null;

        if (wire.Error is { } error)
        {
            error.Stack = null;
            error.Message = CutToLength(error.Message, TruncatedErrorMessageMaxLength);
        }

        // NOTE: the identity fields and the tool, action, resource, decision and approval objects are kept
        // whole, so an event whose kept fields alone exceed the limit is still sent above it.
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxLength"/> UTF-16 code units without splitting a surrogate pair.</summary>
    private static string CutToLength(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return text.Substring(0, length);
    }

    /// <summary>One segment of the allow paths, as a tree keyed by segment name.</summary>
    private sealed class AllowNode
    {
        private Dictionary<string, AllowNode>? _children;

        /// <summary>Whether a configured allow path ends at this node, which allows everything beneath it.</summary>
        public bool Allowed { get; private set; }

        /// <summary>Builds the tree of <paramref name="paths"/>, or returns null when there are none.</summary>
        public static AllowNode? Build(IReadOnlyList<string> paths)
        {
            AllowNode? root = null;
            foreach (var path in paths)
            {
                if (string.IsNullOrWhiteSpace(path))
                {
                    continue;
                }

                root ??= new AllowNode();
                var node = root;
                foreach (var segment in path.Trim().Split('.'))
                {
                    node._children ??= new Dictionary<string, AllowNode>(StringComparer.Ordinal);
                    if (!node._children.TryGetValue(segment, out var child))
                    {
                        child = new AllowNode();
                        node._children.Add(segment, child);
                    }

                    node = child;
                }

                node.Allowed = true;
            }

            return root;
        }

        public AllowNode? Find(string segment)
            => _children is not null && _children.TryGetValue(segment, out var child) ? child : null;

        /// <summary>Follows a dotted path. Returns the first allowed node on the way, or null when the path leaves the tree.</summary>
        public AllowNode? FindPath(string path)
        {
            var node = this;
            foreach (var segment in path.Split('.'))
            {
                node = node.Find(segment);
                if (node is null || node.Allowed)
                {
                    return node;
                }
            }

            return node;
        }
    }

    /// <summary>
    /// A buffer writer that counts the bytes written to it and discards them, so the serializer can measure an
    /// event without allocating its bytes. One instance serves one thread.
    /// </summary>
    private sealed class ByteCounter : IBufferWriter<byte>
    {
        // A larger request gets a buffer that is not kept, so one huge event does not pin memory on the thread.
        private const int MaxKeptBufferBytes = 64 * 1024;

        private readonly Utf8JsonWriter _writer;
        private byte[] _buffer = new byte[4096];
        private long _count;

        public ByteCounter(JsonSerializerOptions options)
        {
            // The same writer options as JsonSerializer.SerializeToUtf8Bytes, so the count matches its length.
            _writer = new Utf8JsonWriter(this, new JsonWriterOptions
            {
                Encoder = options.Encoder,
                Indented = options.WriteIndented,
                SkipValidation = true,
            });
        }

        public long Measure(WireEvent wire)
        {
            _count = 0;
            _writer.Reset(this);
            JsonSerializer.Serialize(_writer, wire, ApieJsonContext.Default.WireEvent);
            _writer.Flush();
            return _count;
        }

        public void Advance(int count) => _count += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => GetBuffer(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => GetBuffer(sizeHint);

        private byte[] GetBuffer(int sizeHint)
        {
            if (sizeHint <= _buffer.Length)
            {
                return _buffer;
            }

            if (sizeHint > MaxKeptBufferBytes)
            {
                return new byte[sizeHint];
            }

            _buffer = new byte[sizeHint];
            return _buffer;
        }
    }
}
