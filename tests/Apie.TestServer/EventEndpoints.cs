using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Apie.Testing;

/// <summary>Handlers for event ingestion and validation.</summary>
internal sealed class EventEndpoints(ApieStore store)
{
    /// <summary>Maximum number of events in one request body.</summary>
    public const int MaxBatchSize = 25;

    /// <summary>
    /// <c>POST /v1/events</c>: accepts the whole batch or rejects it with 400 when any event
    /// is invalid. An event whose <c>run_id</c> names an unknown run is accepted with a warning.
    /// </summary>
    public ApiResponse Ingest(JsonElement body)
    {
        List<JsonElement> events = ReadBatch(body);
        for (int index = 0; index < events.Count; index++)
        {
            List<string> problems = FindProblems(events[index], index);
            if (problems.Count > 0)
            {
                throw ApiException.BadRequest(problems[0]);
            }
        }

        var warnings = new JsonArray();
        for (int index = 0; index < events.Count; index++)
        {
            if (FindUnknownRunWarning(events[index], index) is { } warning)
            {
                warnings.Add((JsonNode)JsonValue.Create(warning));
            }
        }

        return ApiResponse.Ok(new JsonObject
        {
            ["accepted"] = events.Count,
            ["warnings"] = warnings,
        }) with
        {
            AcceptedEvents = [.. events.Select(element => element.Clone())],
        };
    }

    /// <summary>
    /// <c>POST /v1/events/validate</c>: returns one preview per event and stores nothing.
    /// </summary>
    public ApiResponse Validate(JsonElement body)
    {
        List<JsonElement> events = ReadBatch(body);
        var previews = new JsonArray();
        for (int index = 0; index < events.Count; index++)
        {
            List<string> problems = FindProblems(events[index], index);
            var warnings = new JsonArray([.. problems.Select(problem => (JsonNode)problem)]);
            if (problems.Count == 0 && FindUnknownRunWarning(events[index], index) is { } warning)
            {
                warnings.Add((JsonNode)JsonValue.Create(warning));
            }

            previews.Add((JsonNode)new JsonObject
            {
                ["validation_status"] = problems.Count == 0 ? "valid" : "invalid",
                ["warnings"] = warnings,
            });
        }

        return ApiResponse.Ok(new JsonObject { ["previews"] = previews });
    }

    /// <summary>Returns the items of the <c>events</c> array, or throws 400 when it is missing, not an array or too long.</summary>
    private static List<JsonElement> ReadBatch(JsonElement body)
    {
        if (!body.TryGetProperty("events", out JsonElement events))
        {
            throw ApiException.BadRequest("Field 'events' is missing. Send {\"events\": [...]}.");
        }

        if (events.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest("Field 'events' must be an array.");
        }

        int count = events.GetArrayLength();
        if (count > MaxBatchSize)
        {
            throw ApiException.BadRequest(
                $"Field 'events' has {count} items, more than the maximum of {MaxBatchSize}. Split the batch.");
        }

        return [.. events.EnumerateArray()];
    }

    /// <summary>
    /// Lists why an event is invalid. An event must be an object with non-empty string
    /// <c>type</c> and <c>event_id</c>, and its <c>run_id</c>, when present, must be a string.
    /// </summary>
    private static List<string> FindProblems(JsonElement item, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return [$"events[{index}] must be an object."];
        }

        var problems = new List<string>();
        foreach (string name in (string[])["type", "event_id"])
        {
            if (!item.TryGetProperty(name, out JsonElement value)
                || value.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(value.GetString()))
            {
                problems.Add($"events[{index}] is missing '{name}' or it is not a non-empty string.");
            }
        }

        if (item.TryGetProperty("run_id", out JsonElement runId)
            && runId.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            problems.Add($"events[{index}] has a 'run_id' that is not a string.");
        }

        return problems;
    }

    private string? FindUnknownRunWarning(JsonElement item, int index)
    {
        if (!item.TryGetProperty("run_id", out JsonElement runId) || runId.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        string id = runId.GetString()!;
        return store.RunExists(id) ? null : $"events[{index}]: run '{id}' was not found.";
    }
}
