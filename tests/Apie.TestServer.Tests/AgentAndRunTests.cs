using System;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Apie.Testing.Tests;

public sealed class AgentAndRunTests : ServerTestBase
{
    private const string IdentifyBody = """
        {
          "agent": {"key": "support-bot", "name": "Support bot", "version": "1.2.0"},
          "runtime": {"language": "csharp", "sdk_version": "0.1.0"}
        }
        """;

    [Fact]
    public async Task Identify_ReturnsPrefixedIds()
    {
        ApiResult result = await PostAsync("/v1/agents/identify", IdentifyBody);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Matches($"^agt_{HexId}$", result.GetString("agent_id"));
        Assert.Matches($"^ver_{HexId}$", result.GetString("agent_version_id"));
        Assert.Matches($"^wsp_{HexId}$", result.GetString("workspace_id"));
        Assert.Equal(
            new Uri(Server.BaseUrl, $"dashboard/agents/{result.GetString("agent_id")}").ToString(),
            result.GetString("dashboard_url"));
    }

    [Fact]
    public async Task Identify_SameKeyKeepsAgentId()
    {
        ApiResult first = await PostAsync("/v1/agents/identify", IdentifyBody);
        ApiResult second = await PostAsync("/v1/agents/identify", IdentifyBody);
        ApiResult other = await PostAsync("/v1/agents/identify", """{"agent": {"key": "billing-bot", "name": "Billing"}}""");

        Assert.Equal(first.GetString("agent_id"), second.GetString("agent_id"));
        Assert.Equal(first.GetString("agent_version_id"), second.GetString("agent_version_id"));
        Assert.NotEqual(first.GetString("agent_id"), other.GetString("agent_id"));
        Assert.Equal(first.GetString("workspace_id"), other.GetString("workspace_id"));
    }

    [Theory]
    [InlineData("""{"runtime": {}}""", "Field 'agent' is missing")]
    [InlineData("""{"agent": {"name": "Support bot"}}""", "Field 'agent.key' is missing or empty.")]
    [InlineData("""{"agent": {"key": "support-bot"}}""", "Field 'agent.name' is missing or empty.")]
    [InlineData("""{"agent": {"key": 7, "name": "Support bot"}}""", "Field 'agent.key' must be a string")]
    public async Task Identify_InvalidAgent_Returns400(string body, string messageStart)
    {
        ApiResult result = await PostAsync("/v1/agents/identify", body);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalid_request", result.ErrorCode);
        Assert.StartsWith(messageStart, result.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartRun_Returns201Running()
    {
        DateTimeOffset before = DateTimeOffset.UtcNow;

        ApiResult result = await PostAsync("/v1/runs", """
            {"agent_key": "support-bot", "environment": "test", "input_summary": "refund", "metadata": {"ticket": 42}}
            """);

        Assert.Equal(HttpStatusCode.Created, result.Status);
        Assert.Matches($"^run_{HexId}$", result.GetString("id"));
        Assert.Equal(JsonValueKind.Null, result.Body.GetProperty("session_id").ValueKind);
        Assert.Equal("running", result.GetString("status"));
        string startedAt = result.GetString("started_at");
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", startedAt);
        DateTimeOffset started = DateTimeOffset.Parse(startedAt, CultureInfo.InvariantCulture);
        Assert.InRange(started, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task StartRun_IdsAreUnique()
    {
        string first = await StartRunAsync();
        string second = await StartRunAsync();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task CompleteRun_TwiceReturns409()
    {
        string runId = await StartRunAsync();

        ApiResult first = await PostAsync($"/v1/runs/{runId}/complete", """{"status": "failed", "metadata": {"error": "timeout"}}""");
        ApiResult second = await PostAsync($"/v1/runs/{runId}/complete", """{"status": "completed"}""");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(runId, first.GetString("id"));
        Assert.Equal("failed", first.GetString("status"));
        Assert.EndsWith("Z", first.GetString("completed_at"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal("conflict", second.ErrorCode);
    }

    [Fact]
    public async Task CompleteRun_UnknownId_Returns404()
    {
        ApiResult result = await PostAsync("/v1/runs/run_000000000000000000000000/complete", """{"status": "completed"}""");

        Assert.Equal(HttpStatusCode.NotFound, result.Status);
        Assert.Equal("not_found", result.ErrorCode);
    }

    [Theory]
    [InlineData("""{"status": "cancelled"}""")]
    [InlineData("""{"status": "running"}""")]
    [InlineData("""{}""")]
    public async Task CompleteRun_InvalidStatus_Returns400(string body)
    {
        string runId = await StartRunAsync();

        ApiResult result = await PostAsync($"/v1/runs/{runId}/complete", body);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalid_request", result.ErrorCode);
    }
}
