using System.Collections.Generic;
using System.Text.Json;

namespace Apie.TestKit;

/// <summary>Reads optional fields of recorded request bodies; a missing field, a null or another kind reads as null.</summary>
internal static class JsonRead
{
    public static string? String(JsonElement element, string name)
        => Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static long? Integer(JsonElement element, string name)
        => Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;

    public static double? Number(JsonElement element, string name)
        => Property(element, name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    public static bool? Boolean(JsonElement element, string name)
        => Property(element, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;

    public static JsonElement? Object(JsonElement element, string name)
        => Property(element, name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    /// <summary>Returns an object's properties as text: strings as they are, other values as their JSON.</summary>
    public static IReadOnlyDictionary<string, string> Texts(JsonElement? element)
    {
        var texts = new Dictionary<string, string>(System.StringComparer.Ordinal);
        if (element is { ValueKind: JsonValueKind.Object } value)
        {
            foreach (var property in value.EnumerateObject())
            {
                texts[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return texts;
    }

    private static JsonElement? Property(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;
}
