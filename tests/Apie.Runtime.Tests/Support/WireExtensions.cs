using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Apie.Testing;

namespace Apie.Runtime.Tests.Support;

/// <summary>Helpers to read recorded requests and JSON bodies in assertions.</summary>
internal static class WireExtensions
{
    /// <summary>Returns the request as <c>METHOD /path</c>.</summary>
    public static string Line(this RecordedRequest request) => $"{request.Method} {request.Path}";

    public static bool IsSuccess(this RecordedRequest request) => request.ResponseStatus is >= 200 and < 300;

    /// <summary>Returns the requests the server accepted with a 2xx status, in arrival order.</summary>
    public static List<RecordedRequest> Accepted(this IEnumerable<RecordedRequest> requests) => requests.Where(IsSuccess).ToList();

    /// <summary>Returns the path segment at <paramref name="index"/>, so 2 of <c>/v1/runs/run_1/complete</c> is <c>run_1</c>.</summary>
    public static string Segment(this RecordedRequest request, int index) => request.Path.Trim('/').Split('/')[index];

    /// <summary>Returns the accepted <c>agent.error</c> events, in arrival order.</summary>
    public static List<JsonElement> ErrorEvents(this LoopbackApieServer server)
        => server.Events.Where(item => item.GetProperty("type").GetString() == "agent.error").ToList();

    /// <summary>Returns the string property <paramref name="name"/>, or null when it is absent.</summary>
    public static string? Text(this JsonElement element, string name)
        => element.TryGetProperty(name, out var value) ? value.GetString() : null;

    public static bool Has(this JsonElement element, string name) => element.TryGetProperty(name, out _);
}
