using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Apie.Testing.Tests;

public sealed class FaultTests : ServerTestBase
{
    private const string OneEvent = """{"events": [{"type": "run.log", "event_id": "evt_1"}]}""";

    [Fact]
    public async Task StatusFault_AppliesTimesThenRecovers()
    {
        Server.InjectFault("POST", "/v1/events", InjectedFault.Status(503, TimeSpan.FromSeconds(1.5)), times: 2);

        ApiResult first = await PostAsync("/v1/events", OneEvent);
        ApiResult second = await PostAsync("/v1/events", OneEvent);
        ApiResult third = await PostAsync("/v1/events", OneEvent);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.Status);
        Assert.Equal("injected_fault", first.ErrorCode);
        Assert.Equal("2", first.RetryAfter);
        Assert.Matches($"^req_{HexId}$", first.RequestId);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.Status);
        Assert.Equal(HttpStatusCode.OK, third.Status);
        Assert.Null(third.RetryAfter);
        Assert.Equal(2, Server.FaultsServed);
        Assert.Equal([503, 503, 200], Server.Requests.Select(request => request.ResponseStatus));
        Assert.Single(Server.Events);
    }

    [Fact]
    public async Task StatusFault_WithoutRetryAfterSendsNoHeader()
    {
        Server.InjectFault("POST", "/v1/runs", InjectedFault.Status(429), times: 1);

        ApiResult result = await PostAsync("/v1/runs", "{}");

        Assert.Equal(HttpStatusCode.TooManyRequests, result.Status);
        Assert.Null(result.RetryAfter);
    }

    [Fact]
    public async Task DelayFault_AppliesOnceThenNormal()
    {
        Server.InjectFault("GET", "/health", InjectedFault.Delay(TimeSpan.FromMilliseconds(400)), times: 1);

        var stopwatch = Stopwatch.StartNew();
        ApiResult delayed = await GetAsync("/health");
        TimeSpan delayedTime = stopwatch.Elapsed;
        stopwatch.Restart();
        ApiResult normal = await GetAsync("/health");
        TimeSpan normalTime = stopwatch.Elapsed;

        Assert.Equal(HttpStatusCode.OK, delayed.Status);
        Assert.True(delayedTime >= TimeSpan.FromMilliseconds(390), $"The delayed request took {delayedTime.TotalMilliseconds:0} ms.");
        Assert.Equal(HttpStatusCode.OK, normal.Status);
        Assert.True(normalTime < TimeSpan.FromMilliseconds(400), $"The normal request took {normalTime.TotalMilliseconds:0} ms.");
        Assert.Equal(1, Server.FaultsServed);
        Assert.Equal([200, 200], Server.Requests.Select(request => request.ResponseStatus));
    }

    [Fact]
    public async Task DelayFault_ClientCancelRecordsStatus0()
    {
        Server.InjectFault("POST", "/v1/events", InjectedFault.Delay(TimeSpan.FromSeconds(5)), times: 1);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        using var content = new StringContent(OneEvent, Encoding.UTF8, "application/json");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.PostAsync("/v1/events", content, cancellation.Token));

        await Server.WaitUntilAsync(server => server.Requests.Count == 1, TimeSpan.FromSeconds(3));
        Assert.Equal(0, Server.Requests[0].ResponseStatus);
        Assert.Empty(Server.Events);
    }

    [Fact]
    public async Task DropConnection_AppliesOnceThenNormal()
    {
        await GetAsync("/health");
        Server.InjectFault("POST", "/v1/events", InjectedFault.DropConnection(), times: 1);

        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync("/v1/events", OneEvent));
        ApiResult after = await PostAsync("/v1/events", OneEvent);

        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal(1, Server.FaultsServed);
        Assert.Equal([200, 0, 200], Server.Requests.Select(request => request.ResponseStatus));
        Assert.Equal(OneEvent, Server.Requests[1].Body);
        Assert.Single(Server.Events);
    }

    [Fact]
    public async Task Fault_MatchesMethodAndPathPrefix()
    {
        string sessionId = await StartSessionAsync();
        Server.InjectFault("post", "/v1/sessions/", InjectedFault.Status(500));

        ApiResult sessionRun = await PostAsync($"/v1/sessions/{sessionId}/runs", """{"agent_key": "writer"}""");
        ApiResult newSession = await PostAsync("/v1/sessions", """{"kind": "pipeline"}""");
        ApiResult health = await GetAsync("/health");
        ApiResult completion = await PostAsync($"/v1/sessions/{sessionId}/complete", """{"status": "completed"}""");

        Assert.Equal(HttpStatusCode.InternalServerError, sessionRun.Status);
        Assert.Equal(HttpStatusCode.Created, newSession.Status);
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal(HttpStatusCode.InternalServerError, completion.Status);
        Assert.Equal(2, Server.FaultsServed);
    }

    [Fact]
    public async Task ClearFaults_RestoresNormalResponses()
    {
        Server.InjectFault("GET", "/health", InjectedFault.Status(502));
        ApiResult faulted = await GetAsync("/health");

        Server.ClearFaults();
        ApiResult normal = await GetAsync("/health");

        Assert.Equal(HttpStatusCode.BadGateway, faulted.Status);
        Assert.Equal(HttpStatusCode.OK, normal.Status);
        Assert.Equal(1, Server.FaultsServed);
    }

    [Fact]
    public void InjectFault_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InjectedFault.Status(200));
        Assert.Throws<ArgumentOutOfRangeException>(() => InjectedFault.Delay(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Server.InjectFault("GET", "/health", InjectedFault.DropConnection(), times: 0));
        Assert.Throws<ArgumentException>(() => Server.InjectFault("GET", "health", InjectedFault.DropConnection()));
    }
}
