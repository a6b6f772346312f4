using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Apie.Serialization;

/// <summary>
/// Turns a custom event's payload into JSON without reflection: known value types keep their JSON shape,
/// dictionaries become objects, other sequences arrays, and anything else its <c>ToString</c>.
/// </summary>
internal static class PayloadConverter
{
    // Deeper values are written as text, so a payload that refers to itself cannot loop.
    private const int MaxDepth = 16;

    public static JsonObject ToObject(IEnumerable<KeyValuePair<string, object?>> payload) => ToObject(payload, 0);

    private static JsonObject ToObject(IEnumerable<KeyValuePair<string, object?>> payload, int depth)
    {
        var result = new JsonObject();
        foreach (var pair in payload)
        {
            if (pair.Key is not null)
            {
                result[pair.Key] = ToNode(pair.Value, depth + 1);
            }
        }

        return result;
    }

    private static JsonNode? ToNode(object? value, int depth)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return text;
            case bool flag:
                return flag;
            case int or long or short or byte or sbyte or ushort or uint:
                return JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case ulong number:
                return JsonValue.Create(number);
            case decimal number:
                return JsonValue.Create(number);
            case float or double:
                // JSON has no NaN or infinity: those travel as text.
                var real = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return double.IsNaN(real) || double.IsInfinity(real) ? real.ToString(CultureInfo.InvariantCulture) : JsonValue.Create(real);
            case char character:
                return character.ToString();
            case DateTime time:
                return time.ToString("O", CultureInfo.InvariantCulture);
            case DateTimeOffset time:
                return time.ToString("O", CultureInfo.InvariantCulture);
            case Guid or TimeSpan or Enum:
                return ApieGenerated.Format(value);
            case JsonNode node:
                return node.DeepClone();
        }

        if (depth >= MaxDepth)
        {
            return ApieGenerated.Format(value);
        }

        switch (value)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                return ToObject(pairs, depth);
            case IDictionary dictionary:
                var result = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    result[ApieGenerated.Format(entry.Key)] = ToNode(entry.Value, depth + 1);
                }

                return result;
            case IEnumerable items:
                var array = new JsonArray();
                foreach (var item in items)
                {
                    array.Add(ToNode(item, depth + 1));
                }

                return array;
            default:
                return ApieGenerated.Format(value);
        }
    }
}
