using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Apie.Benchmarks.Sink;

/// <summary>
/// An HTTP message handler that returns a canned 200 response to every request at once, so the Apie client's
/// HTTP transport runs in full but nothing leaves the process. It does not read request bodies. It counts
/// requests by kind, and the benchmarks check those counts to learn how the measured calls were recorded.
/// </summary>
internal sealed class CannedResponseHandler : HttpMessageHandler
{
    private const string IdentifyBody = "{\"agent_id\":\"agt_b\",\"agent_version_id\":\"ver_b\"}";
    private const string EmptyBody = "{}";

    private long _requests;
    private long _standaloneRunCreations;
    private long _sessionRunCreations;
    private long _sessionCreations;
    private long _completions;
    private long _eventBatches;

    /// <summary>The number of requests received so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>The number of <c>POST /v1/runs</c> requests: runs created outside any session.</summary>
    public long StandaloneRunCreations => Interlocked.Read(ref _standaloneRunCreations);

    /// <summary>The number of <c>POST /v1/sessions/{id}/runs</c> requests: runs created inside a session.</summary>
    public long SessionRunCreations => Interlocked.Read(ref _sessionRunCreations);

    /// <summary>The number of <c>POST /v1/sessions</c> requests.</summary>
    public long SessionCreations => Interlocked.Read(ref _sessionCreations);

    /// <summary>The number of run and session completions.</summary>
    public long Completions => Interlocked.Read(ref _completions);

    /// <summary>The number of <c>POST /v1/events</c> requests.</summary>
    public long EventBatches => Interlocked.Read(ref _eventBatches);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(BodyFor(request.RequestUri?.AbsolutePath ?? string.Empty), Encoding.UTF8, "application/json"),
            RequestMessage = request,
        };
        return Task.FromResult(response);
    }

    private string BodyFor(string path)
    {
        if (path == "/v1/runs")
        {
            return RunBody(Interlocked.Increment(ref _standaloneRunCreations));
        }

        if (path.StartsWith("/v1/sessions/", StringComparison.Ordinal) && path.EndsWith("/runs", StringComparison.Ordinal))
        {
            return RunBody(Interlocked.Increment(ref _sessionRunCreations));
        }

        if (path == "/v1/sessions")
        {
            // Runs inside a session are created under the session's id, so a session gets one too.
            var number = Interlocked.Increment(ref _sessionCreations);
            return "{\"id\":\"ses_bench_" + number.ToString(CultureInfo.InvariantCulture) + "\"}";
        }

        if (path == "/v1/agents/identify")
        {
            return IdentifyBody;
        }

        if (path.EndsWith("/complete", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _completions);
        }
        else if (path == "/v1/events")
        {
            Interlocked.Increment(ref _eventBatches);
        }

        return EmptyBody;
    }

    private static string RunBody(long number)
        => "{\"id\":\"run_bench_" + number.ToString(CultureInfo.InvariantCulture) + "\"}";
}
