using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Apie.Testing;

/// <summary>
/// Reads fields of a JSON request body and throws <see cref="ApiException"/> with status 400
/// when a field is missing or has the wrong type.
/// </summary>
internal static class JsonFields
{
    /// <summary>
    /// Returns the string field <paramref name="name"/>, or null when it is absent or JSON null.
    /// </summary>
    /// <param name="json">The object that contains the field.</param>
    /// <param name="name">The field name.</param>
    /// <param name="parentName">The name of <paramref name="json"/> in the request body, used in error messages, or null for the body itself.</param>
    public static string? OptionalString(JsonElement json, string name, string? parentName = null)
    {
        if (!json.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw ApiException.BadRequest($"Field '{FullName(name, parentName)}' must be a string, but it is {Describe(value)}.");
        }

        return value.GetString();
    }

    /// <summary>Returns the string field <paramref name="name"/>, which must be present and not empty.</summary>
    public static string RequiredString(JsonElement json, string name, string? parentName = null)
    {
        string? value = OptionalString(json, name, parentName);
        if (string.IsNullOrEmpty(value))
        {
            throw ApiException.BadRequest($"Field '{FullName(name, parentName)}' is missing or empty.");
        }

        return value;
    }

    /// <summary>
    /// Returns the object field <paramref name="name"/>, or null when it is absent or JSON null.
    /// </summary>
    public static JsonElement? OptionalObject(JsonElement json, string name)
    {
        if (!json.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest($"Field '{name}' must be an object, but it is {Describe(value)}.");
        }

        return value;
    }

    /// <summary>
    /// Returns the integer field <paramref name="name"/>, or null when it is absent or JSON null.
    /// </summary>
    public static long? OptionalInteger(JsonElement json, string name)
    {
        if (!json.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number))
        {
            throw ApiException.BadRequest($"Field '{name}' must be an integer, but it is {Describe(value)}.");
        }

        return number;
    }

    /// <summary>Throws unless <paramref name="value"/> is one of <paramref name="allowed"/>.</summary>
    public static void RequireOneOf(string name, string value, params string[] allowed)
    {
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw ApiException.BadRequest(
                $"Field '{name}' has the invalid value '{value}'. Expected one of: {string.Join(", ", allowed)}.");
        }
    }

    /// <summary>Formats a time as ISO-8601 UTC with milliseconds, such as <c>2025-01-31T12:00:00.000Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string FullName(string name, string? parentName) =>
        parentName is null ? name : $"{parentName}.{name}";

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}
