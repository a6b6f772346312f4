using System.Text.Json;

namespace Apie.TestKit;

/// <summary>One request the client sent to the capture, in the order they were sent.</summary>
/// <param name="Method">The HTTP method, such as <c>POST</c>.</param>
/// <param name="Path">The path and query, such as <c>/v1/runs/run_test_1/complete</c>.</param>
/// <param name="Body">The JSON body, or null for a request without one.</param>
/// <param name="Response">The JSON response the capture returned, as the service would.</param>
/// <param name="ThreadId">The managed thread that sent the request; the thread that queued it, since a capture has no background sender.</param>
public sealed record CapturedRequest(string Method, string Path, JsonElement? Body, JsonElement Response, int ThreadId);
