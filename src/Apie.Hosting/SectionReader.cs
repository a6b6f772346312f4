using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace Apie.Hosting;

/// <summary>
/// Reads typed values from one configuration section and checks each as it is read, so that an error names the
/// full key path, such as <c>Apie:agent:key</c>. Keys compare without case, as everywhere in
/// <see cref="IConfiguration"/>.
/// </summary>
internal sealed class SectionReader
{
    /// <summary>The source that <see cref="ApieConfigurationException"/> names.</summary>
    public const string Source = "the host configuration";

    private const string ApiKeyPrefix = "apie_sk_";

    private readonly IConfiguration _section;
    private readonly string _path;
    private readonly KeyTracking _tracking;

    public SectionReader(IConfiguration section)
        : this(section, (section as IConfigurationSection)?.Path ?? "", new KeyTracking())
    {
    }

    private SectionReader(IConfiguration section, string path, KeyTracking tracking)
    {
        _section = section;
        _path = path;
        _tracking = tracking;
        _tracking.Sections.Add(path);
    }

    public string? String(string name) => Scalar(name);

    public string? ApiKey(string name)
    {
        var key = Scalar(name);
        if (key is not null && !key.StartsWith(ApiKeyPrefix, StringComparison.Ordinal))
        {
            // The key is a secret: the message shows only its length.
            throw Invalid(name, $"does not start with '{ApiKeyPrefix}' ({key.Length} characters). Copy the secret key from the Apie dashboard.");
        }

        return key;
    }

    public Uri? Url(string name)
    {
        var text = Scalar(name);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw Invalid(name, $"is '{text}', which is not an absolute http or https URL. Use a URL such as https://api.apie.sh.");
        }

        return url;
    }

    public bool? Boolean(string name)
    {
        var text = Scalar(name);
        if (text is null)
        {
            return null;
        }

        if (!bool.TryParse(text, out var value))
        {
            throw Invalid(name, $"is '{text}', which is not true or false.");
        }

        return value;
    }

    public int? PositiveInteger(string name, string unit = "")
    {
        var text = Scalar(name);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            throw Invalid(name, $"is '{text}', which is not a whole number{unit}.");
        }

        if (number <= 0)
        {
            throw Invalid(name, $"is {number}, and it must be greater than zero.");
        }

        return number;
    }

    public TimeSpan? Milliseconds(string name)
        => PositiveInteger(name, " of milliseconds") is { } milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : null;

    public T? Enum<T>(string name, WireNames.Choices<T> choices)
        where T : struct
    {
        var text = Scalar(name);
        if (text is null)
        {
            return null;
        }

        if (choices.Values.TryGetValue(text, out var value))
        {
            return value;
        }

        throw Invalid(name, $"is '{text}', which is not one of: {choices.Names}.");
    }

    /// <summary>Reads a list from indexed children, <c>name:0</c>, <c>name:1</c> and so on, in index order.</summary>
    public IList<string>? Strings(string name)
    {
        var path = Track(name);
        var section = _section.GetSection(name);
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            if (!string.IsNullOrWhiteSpace(section.Value))
            {
                throw Invalid(name, $"is the single value '{section.Value}', but it must be a list: set {path}:0, {path}:1 and so on, or use a JSON array.");
            }

            return null;
        }

        var items = new List<(int Index, string Value)>();
        foreach (var child in children)
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw Invalid(name, $"has the key '{child.Key}', but list entries are numbered from 0, such as {path}:0.");
            }

            if (child.Value is null && child.GetChildren().Any())
            {
                throw Invalid($"{name}:{child.Key}", "must be a single value, not a section with child keys.");
            }

            if (!string.IsNullOrWhiteSpace(child.Value))
            {
                items.Add((index, child.Value!.Trim()));
            }
        }

        return items.OrderBy(item => item.Index).Select(item => item.Value).ToList();
    }

    /// <summary>Reads a map of names to values, such as the headers <c>name:X-Team</c>.</summary>
    public IDictionary<string, string>? StringMap(string name)
    {
        var path = Track(name);
        var section = _section.GetSection(name);
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            if (!string.IsNullOrWhiteSpace(section.Value))
            {
                throw Invalid(name, $"is the single value '{section.Value}', but it must be a section of names and values, such as {path}:X-Team.");
            }

            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in children)
        {
            if (child.Value is null && child.GetChildren().Any())
            {
                throw Invalid($"{name}:{child.Key}", "must be a single value, not a section with child keys.");
            }

            map[child.Key] = child.Value ?? "";
        }

        return map;
    }

    /// <summary>Returns a reader of the child section <paramref name="name"/>, which may be empty.</summary>
    public SectionReader Child(string name)
    {
        var path = Track(name);
        var section = _section.GetSection(name);
        if (!string.IsNullOrWhiteSpace(section.Value) && !section.GetChildren().Any())
        {
            throw Invalid(name, $"is the single value '{section.Value}', but it must be a section, such as {path}:key.");
        }

        return new SectionReader(section, path, _tracking);
    }

    /// <summary>Returns the full paths of the keys below the root that no read asked for.</summary>
    public IReadOnlyList<string> UnknownKeys()
    {
        var unknown = new List<string>();
        Collect(_section, _path, unknown);
        return unknown;
    }

    private void Collect(IConfiguration section, string path, List<string> unknown)
    {
        foreach (var child in section.GetChildren())
        {
            var childPath = Combine(path, child.Key);
            if (!_tracking.Read.Contains(childPath))
            {
                unknown.Add(childPath);
            }
            else if (_tracking.Sections.Contains(childPath))
            {
                Collect(child, childPath, unknown);
            }
        }
    }

    private string? Scalar(string name)
    {
        Track(name);
        var section = _section.GetSection(name);
        if (section.Value is null)
        {
            if (section.GetChildren().Any())
            {
                throw Invalid(name, "must be a single value, not a section with child keys.");
            }

            return null;
        }

        return string.IsNullOrWhiteSpace(section.Value) ? null : section.Value.Trim();
    }

    private string Track(string name)
    {
        var path = Combine(_path, name);
        _tracking.Read.Add(path);
        return path;
    }

    private static string Combine(string path, string key) => path.Length == 0 ? key : path + ConfigurationPath.KeyDelimiter + key;

    private ApieConfigurationException Invalid(string name, string problem)
        => new(Combine(_path, name), Source, problem);

    /// <summary>The keys read and the sections opened, shared by a root reader and its children.</summary>
    private sealed class KeyTracking
    {
        public HashSet<string> Read { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> Sections { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
