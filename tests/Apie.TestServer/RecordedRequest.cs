using System;
using System.Text.Json;

namespace Apie.Testing;

/// <summary>One request that reached a <see cref="LoopbackApieServer"/>.</summary>
/// <param name="Index">Arrival position, counted from 0 since the server started or was last cleared.</param>
/// <param name="Method">HTTP method, such as <c>POST</c>.</param>
/// <param name="Path">Request path without the query string, such as <c>/v1/events</c>.</param>
/// <param name="QueryString">Query string including the leading <c>?</c>, or empty.</param>
/// <param name="Authorization">The <c>Authorization</c> header, or null when absent.</param>
/// <param name="Body">Request body decoded as UTF-8, or empty.</param>
/// <param name="ResponseStatus">Status code sent back, or 0 when the connection was dropped or aborted.</param>
/// <param name="ReceivedAt">Time the request arrived.</param>
public sealed record RecordedRequest(
    int Index,
    string Method,
    string Path,
    string QueryString,
    string? Authorization,
    string Body,
    int ResponseStatus,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The JSON body sent back, or empty when no response was written.</summary>
    public string ResponseBody { get; init; } = "";

    /// <summary>The response body parsed as JSON, or the default (undefined) element when it is empty.</summary>
    public JsonElement ResponseJson => Parse(ResponseBody);

    /// <summary>
    /// The body parsed as JSON, or the default (undefined) element for an empty body.
    /// The element is a copy that stays valid after this call. Parses on every access and
    /// throws <see cref="JsonException"/> when the body is not valid JSON.
    /// </summary>
    public JsonElement Json => Parse(Body);

    private static JsonElement Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
