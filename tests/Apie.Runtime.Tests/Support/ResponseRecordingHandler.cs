using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Apie.Runtime.Tests.Support;

/// <summary>
/// An HTTP handler that keeps every response body the client receives, so a test can compare what the client
/// sent later with the ids the server returned, independent of how the client parsed them.
/// </summary>
internal sealed class ResponseRecordingHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<RecordedResponse> _responses = new();

    public ResponseRecordingHandler()
        : base(new SocketsHttpHandler())
    {
    }

    /// <summary>A copy of the responses received so far, in order.</summary>
    public IReadOnlyList<RecordedResponse> All => _responses.ToArray();

    /// <summary>Returns the bodies of the successful responses to requests for <paramref name="path"/>, in order.</summary>
    public IReadOnlyList<JsonElement> SuccessfulBodies(string path)
        => All.Where(response => response.Path == path && response.Status is >= 200 and < 300).Select(response => response.Json).ToList();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        _responses.Enqueue(new RecordedResponse(request.RequestUri!.AbsolutePath, (int)response.StatusCode, body));
        return response;
    }
}

/// <summary>One response: the request path, the status and the body.</summary>
internal sealed record RecordedResponse(string Path, int Status, string Body)
{
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }
}
