using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Apie.Configuration;

namespace Apie.Transport;

/// <summary>Sends requests to the Apie service over HTTP, one attempt per call, each bounded by the timeout.</summary>
internal sealed class HttpTransport : IApieTransport
{
    private readonly HttpClient _http;
    private readonly bool _ownsClient;
    private readonly Uri _baseUrl;
    private readonly string? _apiKey;
    private readonly IReadOnlyDictionary<string, string> _headers;
    private readonly TimeSpan _timeout;

    public HttpTransport(ApieSettings settings, HttpClient? http)
    {
        var baseUrl = settings.BaseUrl ?? throw new ArgumentException("The HTTP transport needs a base URL.", nameof(settings));

        // Relative paths resolve against the last slash: without a trailing one, a base path such as /gateway/apie
        // would lose its last segment.
        _baseUrl = baseUrl.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _apiKey = settings.ApiKey;
        _headers = settings.Headers;
        _timeout = settings.Timeout;
        _ownsClient = http is null;

        // The per-request timeout below bounds each attempt; the client's own timeout must not cut it shorter.
        _http = http ?? new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public string Destination => _baseUrl.ToString();

    public async Task<ApieResponse> SendAsync(ApieRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_baseUrl, request.Path.TrimStart('/')));
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (_apiKey is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        foreach (var header in _headers)
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
#if NETSTANDARD2_0
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
#else
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
#endif
            return new ApieResponse((int)response.StatusCode, body, RequestIdOf(response), RetryAfterOf(response), null);
        }
        catch (HttpRequestException exception)
        {
            return new ApieResponse(0, Array.Empty<byte>(), null, null, exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new ApieResponse(0, Array.Empty<byte>(), null, null, new TimeoutException($"No response within {_timeout.TotalMilliseconds:0} ms.", exception));
        }
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }
    }

    private static string? RequestIdOf(HttpResponseMessage response)
    {
        foreach (var name in new[] { "x-request-id", "x-apie-request-id" })
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                return values.FirstOrDefault();
            }
        }

        return null;
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
