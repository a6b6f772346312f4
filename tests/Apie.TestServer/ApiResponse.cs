using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Apie.Testing;

/// <summary>A response that an endpoint handler produced but has not written yet.</summary>
internal sealed record ApiResponse(int Status, JsonObject Body)
{
    /// <summary>Extra response headers, such as <c>Retry-After</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Events that this response accepted, which the server records.</summary>
    public IReadOnlyList<JsonElement> AcceptedEvents { get; init; } = [];

    public static ApiResponse Ok(JsonObject body) => new(200, body);

    public static ApiResponse Created(JsonObject body) => new(201, body);

    /// <summary>
    /// Creates an error response with the body <c>{"error": {"code": ..., "message": ...}}</c>.
    /// </summary>
    public static ApiResponse Error(int status, string code, string message) =>
        new(status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
            },
        });
}

/// <summary>
/// A request that an endpoint rejects. The routes turn it into an error response.
/// </summary>
internal sealed class ApiException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public static ApiException BadRequest(string message) => new(400, "invalid_request", message);

    public static ApiException NotFound(string message) => new(404, "not_found", message);

    public static ApiException Conflict(string message) => new(409, "conflict", message);
}
