using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Apie.Testing;

/// <summary>
/// Handles every request: applies injected faults, checks the API key, runs the endpoint and
/// records the request before the response is written, so a client that has its response
/// always finds the request in <see cref="LoopbackApieServer.Requests"/>.
/// </summary>
internal sealed class RequestPipeline(
    LoopbackApieServer server,
    ApieRoutes routes,
    FaultTable faults,
    RequestRecorder recorder,
    CancellationToken stopping)
{
    private const string RequestIdHeader = "x-request-id";
    private const string BearerPrefix = "Bearer ";

    public async Task HandleAsync(HttpContext context)
    {
        RequestRecorder.Arrival arrival = recorder.Begin();
        HttpRequest request = context.Request;
        context.Response.Headers[RequestIdHeader] = ApieIds.New(ApieIds.Request);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);

        string body = string.Empty;
        ApiResponse? response;
        try
        {
            body = await ReadBodyAsync(request, cancellation.Token).ConfigureAwait(false);
            response = await RespondAsync(request, body, cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The client aborted the request or the server is stopping, so no response is sent.
            response = null;
        }

        string? authorization = request.Headers.Authorization.Count == 0 ? null : request.Headers.Authorization.ToString();
        var line = new RequestRecorder.RequestLine(
            request.Method,
            request.Path.Value ?? string.Empty,
            request.QueryString.Value ?? string.Empty,
            authorization,
            body);
        recorder.Record(arrival, line, response?.Status ?? 0, response?.Body.ToJsonString() ?? "", response?.AcceptedEvents ?? []);

        if (response is null)
        {
            context.Abort();
            return;
        }

        await WriteAsync(context.Response, response).ConfigureAwait(false);
    }

    /// <summary>Returns the response to send, or null to drop the connection without one.</summary>
    private async Task<ApiResponse?> RespondAsync(HttpRequest request, string body, CancellationToken cancellationToken)
    {
        // Faults come before the API key check because they stand for failures in front of the service.
        InjectedFault? fault = faults.TryTake(request.Method, request.Path.Value ?? string.Empty);
        if (fault is not null)
        {
            switch (fault.Kind)
            {
                case InjectedFaultKind.Status:
                    return CreateFaultResponse(fault);
                case InjectedFaultKind.DropConnection:
                    return null;
                case InjectedFaultKind.Delay:
                    await Task.Delay(fault.Duration, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        if (!IsAuthorized(request))
        {
            return ApiResponse.Error(401, "unauthorized", "The API key is missing or invalid. Send 'Authorization: Bearer <key>'.") with
            {
                Headers = [new("WWW-Authenticate", "Bearer")],
            };
        }

        try
        {
            return await routes.DispatchAsync(request.Method, request.Path.Value ?? string.Empty, request.Query, body, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A GuardrailRule that throws ends here, and the response carries its message to the test.
            return ApiResponse.Error(500, "internal_error", $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private static ApiResponse CreateFaultResponse(InjectedFault fault)
    {
        var response = ApiResponse.Error(fault.StatusCode, "injected_fault", $"Injected fault: status {fault.StatusCode}.");
        if (fault.RetryAfter is not { } retryAfter)
        {
            return response;
        }

        long seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
        return response with { Headers = [new("Retry-After", seconds.ToString(CultureInfo.InvariantCulture))] };
    }

    private bool IsAuthorized(HttpRequest request)
    {
        string? expectedKey = server.ExpectedApiKey;
        if (expectedKey is null)
        {
            return true;
        }

        string? header = request.Headers.Authorization;
        return header is not null
            && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            && string.Equals(header[BearerPrefix.Length..], expectedKey, StringComparison.Ordinal);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpResponse response, ApiResponse apiResponse)
    {
        response.StatusCode = apiResponse.Status;
        foreach (KeyValuePair<string, string> header in apiResponse.Headers)
        {
            response.Headers[header.Key] = header.Value;
        }

        byte[] content = Encoding.UTF8.GetBytes(apiResponse.Body.ToJsonString());
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = content.Length;
        await response.Body.WriteAsync(content).ConfigureAwait(false);
    }
}
