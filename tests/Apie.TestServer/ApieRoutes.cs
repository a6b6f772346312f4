using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Apie.Testing;

/// <summary>
/// Maps a request method and path to its endpoint handler. Every POST endpoint takes a JSON
/// object body. A path or method that no endpoint serves returns 404.
/// </summary>
internal sealed class ApieRoutes(LoopbackApieServer server, ApieStore store)
{
    private readonly RunEndpoints _runs = new(server, store);
    private readonly EventEndpoints _events = new(store);
    private readonly GuardrailEndpoints _guardrails = new(server, store);

    /// <summary>Runs the handler for the request and turns an <see cref="ApiException"/> into its error response.</summary>
    public async Task<ApiResponse> DispatchAsync(
        string method,
        string path,
        IQueryCollection query,
        string body,
        CancellationToken cancellationToken)
    {
        string[] segments = path.Trim('/').Split('/');
        try
        {
            if (HttpMethods.IsGet(method))
            {
                if (segments is ["v1", "approvals", string waitedApprovalId, "wait"])
                {
                    return await _guardrails.WaitForApprovalAsync(waitedApprovalId, query, cancellationToken).ConfigureAwait(false);
                }

                return segments switch
                {
                    ["health"] => ApiResponse.Ok(new JsonObject { ["status"] = "ok" }),
                    ["v1", "approvals", string approvalId] => _guardrails.GetApproval(approvalId),
                    _ => NoEndpoint(method, path),
                };
            }

            if (HttpMethods.IsPost(method) && FindPostHandler(segments) is { } handler)
            {
                using JsonDocument document = ParseObject(body);
                return handler(document.RootElement);
            }

            return NoEndpoint(method, path);
        }
        catch (ApiException exception)
        {
            return ApiResponse.Error(exception.Status, exception.Code, exception.Message);
        }
    }

    private Func<JsonElement, ApiResponse>? FindPostHandler(string[] segments) => segments switch
    {
        ["v1", "agents", "identify"] => _runs.IdentifyAgent,
        ["v1", "runs"] => _runs.StartRun,
        ["v1", "runs", string runId, "complete"] => body => _runs.CompleteRun(runId, body),
        ["v1", "sessions"] => _runs.StartSession,
        ["v1", "sessions", string sessionId, "complete"] => body => _runs.CompleteSession(sessionId, body),
        ["v1", "sessions", string sessionId, "runs"] => body => _runs.StartSessionRun(sessionId, body),
        ["v1", "sessions", string sessionId, "handoffs"] => body => _runs.CreateHandoff(sessionId, body),
        ["v1", "events"] => _events.Ingest,
        ["v1", "events", "validate"] => _events.Validate,
        ["v1", "guardrails", "evaluate"] => _guardrails.Evaluate,
        _ => null,
    };

    private static JsonDocument ParseObject(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw ApiException.BadRequest("Request body is empty. Send a JSON object.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw ApiException.BadRequest($"Request body is not valid JSON: {exception.Message}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw ApiException.BadRequest("Request body must be a JSON object.");
        }

        return document;
    }

    private static ApiResponse NoEndpoint(string method, string path) =>
        ApiResponse.Error(404, "not_found", $"No endpoint serves {method} {path}.");
}
