using System;

namespace Apie.Transport;

/// <summary>One request to the Apie API: a method, a path such as <c>/v1/runs</c>, and a UTF-8 JSON body.</summary>
internal sealed record ApieRequest(string Method, string Path, byte[]? Body);

/// <summary>What came back for one attempt of a request.</summary>
/// <param name="StatusCode">The HTTP status, or 0 when no response arrived.</param>
/// <param name="Body">The response body, empty when there was none.</param>
/// <param name="RequestId">The service's <c>x-request-id</c> or <c>x-apie-request-id</c>, kept for error messages.</param>
/// <param name="RetryAfter">The wait the service asked for with <c>Retry-After</c>.</param>
/// <param name="Error">The network error, when no response arrived.</param>
internal sealed record ApieResponse(int StatusCode, byte[] Body, string? RequestId, TimeSpan? RetryAfter, Exception? Error)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>Whether another attempt may succeed: network errors, 408, 409, 429 and 5xx.</summary>
    public bool IsRetryable => StatusCode is 0 or 408 or 409 or 429 or >= 500;

    /// <summary>Returns the outcome for logs and errors, such as <c>HTTP 503, request id req_…</c>.</summary>
    public string Describe()
    {
        var outcome = StatusCode == 0 ? $"a network error ({Error?.GetType().Name}: {Error?.Message})" : $"HTTP {StatusCode}";
        return RequestId is null ? outcome : $"{outcome}, request id {RequestId}";
    }
}
