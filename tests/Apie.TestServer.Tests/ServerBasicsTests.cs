using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Apie.Testing.Tests;

public sealed class ServerBasicsTests : ServerTestBase
{
    [Fact]
    public void BaseUrl_IsLoopbackWithPort()
    {
        Assert.Equal("http", Server.BaseUrl.Scheme);
        Assert.Equal("127.0.0.1", Server.BaseUrl.Host);
        Assert.True(Server.BaseUrl.Port > 0, $"Port was {Server.BaseUrl.Port}.");
        Assert.Equal("/", Server.BaseUrl.AbsolutePath);
    }

    [Fact]
    public async Task Health_ReturnsOkWithRequestId()
    {
        ApiResult result = await GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("ok", result.GetString("status"));
        Assert.NotNull(result.RequestId);
        Assert.Matches($"^req_{HexId}$", result.RequestId);
    }

    [Theory]
    [InlineData("GET", "/v1/unknown")]
    [InlineData("POST", "/v1/runs/run_0/unknown")]
    [InlineData("GET", "/v1/runs")]
    public async Task UnknownEndpoint_Returns404Json(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using HttpResponseMessage response = await Client.SendAsync(request);
        ApiResult result = await ApiResult.ReadAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, result.Status);
        Assert.Equal("not_found", result.ErrorCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches($"^req_{HexId}$", result.RequestId);
    }

    [Theory]
    [InlineData("", "Request body is empty. Send a JSON object.")]
    [InlineData("{not json", "Request body is not valid JSON")]
    [InlineData("[1, 2]", "Request body must be a JSON object.")]
    public async Task PostBody_NotJsonObject_Returns400(string body, string messageStart)
    {
        ApiResult result = await PostAsync("/v1/runs", body);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalid_request", result.ErrorCode);
        Assert.StartsWith(messageStart, result.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_RecordEachRequestInOrder()
    {
        DateTimeOffset before = DateTimeOffset.UtcNow;
        await PostAsync("/v1/sessions", """{"kind": "pipeline"}""");
        await GetAsync("/health?probe=1");

        IReadOnlyList<RecordedRequest> requests = Server.Requests;

        Assert.Equal(2, requests.Count);
        Assert.Equal(0, requests[0].Index);
        Assert.Equal("POST", requests[0].Method);
        Assert.Equal("/v1/sessions", requests[0].Path);
        Assert.Equal(string.Empty, requests[0].QueryString);
        Assert.Null(requests[0].Authorization);
        Assert.Equal(201, requests[0].ResponseStatus);
        Assert.Equal("pipeline", requests[0].Json.GetProperty("kind").GetString());
        Assert.True(requests[0].ReceivedAt >= before.AddSeconds(-1), $"ReceivedAt was {requests[0].ReceivedAt:O}.");
        Assert.Equal(1, requests[1].Index);
        Assert.Equal("GET", requests[1].Method);
        Assert.Equal("/health", requests[1].Path);
        Assert.Equal("?probe=1", requests[1].QueryString);
        Assert.Equal(string.Empty, requests[1].Body);
        Assert.Equal(JsonValueKind.Undefined, requests[1].Json.ValueKind);
        Assert.Equal(200, requests[1].ResponseStatus);
    }

    [Fact]
    public async Task Clear_ForgetsRequestsAndEventsOnly()
    {
        string runId = await StartRunAsync();
        await PostAsync("/v1/events", $$"""{"events": [{"type": "run.log", "event_id": "evt_1", "run_id": "{{runId}}"}]}""");
        Assert.Single(Server.Events);

        Server.Clear();

        Assert.Empty(Server.Requests);
        Assert.Empty(Server.Events);
        ApiResult completion = await PostAsync($"/v1/runs/{runId}/complete", """{"status": "completed"}""");
        Assert.Equal(HttpStatusCode.OK, completion.Status);
        RecordedRequest only = Assert.Single(Server.Requests);
        Assert.Equal(0, only.Index);
    }

    [Fact]
    public async Task WaitUntil_ReturnsWhenConditionHolds()
    {
        Task post = Task.Run(async () =>
        {
            await Task.Delay(100);
            await GetAsync("/health");
        });

        await Server.WaitUntilAsync(server => server.Requests.Count == 1, TimeSpan.FromSeconds(5));

        Assert.Equal("/health", Assert.Single(Server.Requests).Path);
        await post;
    }

    [Fact]
    public async Task WaitUntil_TimeoutListsRequests()
    {
        await GetAsync("/health");
        await PostAsync("/v1/events", "{}");

        TimeoutException exception = await Assert.ThrowsAsync<TimeoutException>(
            () => Server.WaitUntilAsync(server => server.Events.Count > 0, TimeSpan.FromMilliseconds(100)));

        Assert.Contains("within 100 ms", exception.Message, StringComparison.Ordinal);
        Assert.Contains("GET /health -> 200", exception.Message, StringComparison.Ordinal);
        Assert.Contains("POST /v1/events -> 400", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_EndsPendingApprovalWait()
    {
        Server.GuardrailRule = _ => new GuardrailVerdict("require_approval");
        ApiResult approval = await PostAsync("/v1/guardrails/evaluate", """{"agent_key": "a"}""");
        string approvalId = approval.Body.GetProperty("approval_request").GetProperty("id").GetString()!;
        Task<HttpResponseMessage> wait = Client.GetAsync($"/v1/approvals/{approvalId}/wait?timeout=8000");
        await Task.Delay(100);

        var stopwatch = Stopwatch.StartNew();
        await Server.DisposeAsync();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"DisposeAsync took {stopwatch.ElapsedMilliseconds} ms.");
        await Assert.ThrowsAsync<HttpRequestException>(() => wait);
    }
}
