using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Apie.Testing.Tests;

/// <summary>
/// Starts a fresh <see cref="LoopbackApieServer"/> and a plain <see cref="HttpClient"/> for each test.
/// </summary>
public abstract class ServerTestBase : IAsyncLifetime
{
    protected const string HexId = "[0-9a-f]{24}";

    private LoopbackApieServer? _server;
    private HttpClient? _client;

    protected LoopbackApieServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    protected HttpClient Client => _client ?? throw new InvalidOperationException("The client has not been created.");

    public async Task InitializeAsync()
    {
        _server = await LoopbackApieServer.StartAsync();
        _client = new HttpClient { BaseAddress = _server.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Sends a POST with a JSON body and returns the status and the parsed response body.</summary>
    protected async Task<ApiResult> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await Client.PostAsync(path, content);
        return await ApiResult.ReadAsync(response);
    }

    /// <summary>Sends a GET and returns the status and the parsed response body.</summary>
    protected async Task<ApiResult> GetAsync(string path)
    {
        using HttpResponseMessage response = await Client.GetAsync(path);
        return await ApiResult.ReadAsync(response);
    }

    /// <summary>Starts a run outside any session and returns its id.</summary>
    protected async Task<string> StartRunAsync()
    {
        ApiResult result = await PostAsync("/v1/runs", """{"agent_key": "support-bot", "environment": "test"}""");
        Assert.Equal(HttpStatusCode.Created, result.Status);
        return result.GetString("id");
    }

    /// <summary>Starts a multi-agent session and returns its id.</summary>
    protected async Task<string> StartSessionAsync()
    {
        ApiResult result = await PostAsync("/v1/sessions", """{"kind": "multi_agent", "orchestrator_agent_key": "planner"}""");
        Assert.Equal(HttpStatusCode.Created, result.Status);
        return result.GetString("id");
    }
}

/// <summary>Status, headers and parsed JSON body of one response.</summary>
public sealed record ApiResult(HttpStatusCode Status, JsonElement Body, string? RequestId, string? RetryAfter)
{
    public static async Task<ApiResult> ReadAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        JsonElement body = default;
        if (text.Length > 0)
        {
            using JsonDocument document = JsonDocument.Parse(text);
            body = document.RootElement.Clone();
        }

        string? requestId = response.Headers.TryGetValues("x-request-id", out var ids) ? string.Join(",", ids) : null;
        string? retryAfter = response.Headers.RetryAfter?.ToString();
        return new ApiResult(response.StatusCode, body, requestId, retryAfter);
    }

    /// <summary>Returns the string property <paramref name="name"/> of the body.</summary>
    public string GetString(string name) => Body.GetProperty(name).GetString()
        ?? throw new InvalidOperationException($"Property '{name}' is null.");

    /// <summary>Returns <c>error.code</c> of an error body.</summary>
    public string ErrorCode => Body.GetProperty("error").GetProperty("code").GetString() ?? string.Empty;
}
