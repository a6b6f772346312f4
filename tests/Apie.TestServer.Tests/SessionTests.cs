using System;
using System.Net;
using System.Threading.Tasks;
using Xunit;

namespace Apie.Testing.Tests;

public sealed class SessionTests : ServerTestBase
{
    [Theory]
    [InlineData("single_agent")]
    [InlineData("multi_agent")]
    [InlineData("pipeline")]
    public async Task StartSession_Returns201Running(string kind)
    {
        ApiResult result = await PostAsync("/v1/sessions", $$"""{"kind": "{{kind}}", "environment": "test"}""");

        Assert.Equal(HttpStatusCode.Created, result.Status);
        Assert.Matches($"^ses_{HexId}$", result.GetString("id"));
        Assert.Equal("running", result.GetString("status"));
        Assert.EndsWith("Z", result.GetString("started_at"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"kind": "swarm"}""")]
    [InlineData("""{"environment": "test"}""")]
    public async Task StartSession_InvalidKind_Returns400(string body)
    {
        ApiResult result = await PostAsync("/v1/sessions", body);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalid_request", result.ErrorCode);
    }

    [Fact]
    public async Task SessionRun_GetsSessionId()
    {
        string sessionId = await StartSessionAsync();

        ApiResult result = await PostAsync($"/v1/sessions/{sessionId}/runs", """
            {"agent_key": "researcher", "step_key": "research", "step_name": "Research", "step_index": 0, "role": "worker"}
            """);

        Assert.Equal(HttpStatusCode.Created, result.Status);
        Assert.Matches($"^run_{HexId}$", result.GetString("id"));
        Assert.Equal(sessionId, result.GetString("session_id"));
        Assert.Equal("running", result.GetString("status"));
    }

    [Fact]
    public async Task SessionRun_KnownParent_Returns201()
    {
        string sessionId = await StartSessionAsync();
        ApiResult parent = await PostAsync($"/v1/sessions/{sessionId}/runs", """{"agent_key": "planner"}""");

        ApiResult child = await PostAsync(
            $"/v1/sessions/{sessionId}/runs",
            $$"""{"agent_key": "writer", "parent_run_id": "{{parent.GetString("id")}}"}""");

        Assert.Equal(HttpStatusCode.Created, child.Status);
        Assert.Equal(sessionId, child.GetString("session_id"));
    }

    [Fact]
    public async Task SessionRun_UnknownParent_Returns400()
    {
        string sessionId = await StartSessionAsync();

        ApiResult result = await PostAsync(
            $"/v1/sessions/{sessionId}/runs",
            """{"agent_key": "writer", "parent_run_id": "run_ffffffffffffffffffffffff"}""");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalid_request", result.ErrorCode);
        Assert.Contains("run_ffffffffffffffffffffffff", result.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionRun_UnknownSession_Returns404()
    {
        ApiResult result = await PostAsync("/v1/sessions/ses_000000000000000000000000/runs", """{"agent_key": "writer"}""");

        Assert.Equal(HttpStatusCode.NotFound, result.Status);
        Assert.Equal("not_found", result.ErrorCode);
    }

    [Fact]
    public async Task SessionRun_CompletedSession_Returns409()
    {
        string sessionId = await StartSessionAsync();
        await PostAsync($"/v1/sessions/{sessionId}/complete", """{"status": "completed"}""");

        ApiResult result = await PostAsync($"/v1/sessions/{sessionId}/runs", """{"agent_key": "writer"}""");

        Assert.Equal(HttpStatusCode.Conflict, result.Status);
    }

    [Fact]
    public async Task CompleteSession_TwiceReturns409()
    {
        string sessionId = await StartSessionAsync();

        ApiResult first = await PostAsync($"/v1/sessions/{sessionId}/complete", """{"status": "cancelled", "output_summary": "stopped"}""");
        ApiResult second = await PostAsync($"/v1/sessions/{sessionId}/complete", """{"status": "completed"}""");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(sessionId, first.GetString("id"));
        Assert.Equal("cancelled", first.GetString("status"));
        Assert.EndsWith("Z", first.GetString("completed_at"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal("conflict", second.ErrorCode);
    }

    [Fact]
    public async Task CompleteSession_UnknownOrInvalid_Rejected()
    {
        string sessionId = await StartSessionAsync();

        ApiResult unknown = await PostAsync("/v1/sessions/ses_000000000000000000000000/complete", """{"status": "completed"}""");
        ApiResult invalid = await PostAsync($"/v1/sessions/{sessionId}/complete", """{"status": "done"}""");

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
    }

    [Fact]
    public async Task Handoff_Returns201Requested()
    {
        string sessionId = await StartSessionAsync();
        ApiResult source = await PostAsync($"/v1/sessions/{sessionId}/runs", """{"agent_key": "planner"}""");

        ApiResult result = await PostAsync(
            $"/v1/sessions/{sessionId}/handoffs",
            $$"""{"source_run_id": "{{source.GetString("id")}}", "target_agent_key": "writer", "reason": "draft ready"}""");

        Assert.Equal(HttpStatusCode.Created, result.Status);
        Assert.Matches($"^hof_{HexId}$", result.GetString("id"));
        Assert.Equal("requested", result.GetString("status"));
    }

    [Fact]
    public async Task Handoff_UnknownSourceRun_Returns400()
    {
        string sessionId = await StartSessionAsync();

        ApiResult result = await PostAsync(
            $"/v1/sessions/{sessionId}/handoffs",
            """{"source_run_id": "run_ffffffffffffffffffffffff"}""");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
    }
}
