using System;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Apie.Testing.Tests;

public sealed class EventTests : ServerTestBase
{
    [Fact]
    public async Task Events_RecordedFlattenedInOrder()
    {
        string runId = await StartRunAsync();

        ApiResult first = await PostAsync("/v1/events", $$$"""
            {"events": [
              {"type": "run.started", "event_id": "evt_1", "run_id": "{{{runId}}}"},
              {"type": "tool.called", "event_id": "evt_2", "run_id": "{{{runId}}}", "payload": {"tool": "search"}}
            ]}
            """);
        ApiResult second = await PostAsync("/v1/events", """{"events": [{"type": "run.log", "event_id": "evt_3"}]}""");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(2, first.Body.GetProperty("accepted").GetInt32());
        Assert.Equal(0, first.Body.GetProperty("warnings").GetArrayLength());
        Assert.Equal(1, second.Body.GetProperty("accepted").GetInt32());
        string[] eventIds = [.. Server.Events.Select(item => item.GetProperty("event_id").GetString()!)];
        Assert.Equal(["evt_1", "evt_2", "evt_3"], eventIds);
        Assert.Equal("search", Server.Events[1].GetProperty("payload").GetProperty("tool").GetString());
    }

    [Fact]
    public async Task Events_BatchOf26_Rejected()
    {
        string tooMany = BuildBatch(26);
        string maximum = BuildBatch(25);

        ApiResult rejected = await PostAsync("/v1/events", tooMany);

        Assert.Equal(HttpStatusCode.BadRequest, rejected.Status);
        Assert.Equal("invalid_request", rejected.ErrorCode);
        Assert.Empty(Server.Events);

        ApiResult accepted = await PostAsync("/v1/events", maximum);

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal(25, accepted.Body.GetProperty("accepted").GetInt32());
        Assert.Equal(25, Server.Events.Count);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"events": {"type": "run.log"}}""")]
    [InlineData("""{"events": [{"event_id": "evt_1"}]}""")]
    [InlineData("""{"events": [{"type": "run.log"}]}""")]
    [InlineData("""{"events": [{"type": "run.log", "event_id": ""}]}""")]
    [InlineData("""{"events": [{"type": "run.log", "event_id": "evt_1"}, "text"]}""")]
    [InlineData("""{"events": [{"type": "run.log", "event_id": "evt_1", "run_id": 5}]}""")]
    public async Task Events_InvalidBatch_Returns400(string body)
    {
        ApiResult result = await PostAsync("/v1/events", body);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("invalid_request", result.ErrorCode);
        Assert.Empty(Server.Events);
        Assert.Equal(400, Assert.Single(Server.Requests).ResponseStatus);
    }

    [Fact]
    public async Task Events_UnknownRunId_Warns()
    {
        string runId = await StartRunAsync();

        ApiResult result = await PostAsync("/v1/events", $$"""
            {"events": [
              {"type": "run.log", "event_id": "evt_1", "run_id": "{{runId}}"},
              {"type": "run.log", "event_id": "evt_2", "run_id": "run_ffffffffffffffffffffffff"}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(2, result.Body.GetProperty("accepted").GetInt32());
        JsonElement warning = Assert.Single(result.Body.GetProperty("warnings").EnumerateArray());
        Assert.Equal("events[1]: run 'run_ffffffffffffffffffffffff' was not found.", warning.GetString());
        Assert.Equal(2, Server.Events.Count);
    }

    [Fact]
    public async Task Validate_ReturnsPreviewsWithoutStoring()
    {
        ApiResult result = await PostAsync("/v1/events/validate", """
            {"events": [
              {"type": "run.log", "event_id": "evt_1"},
              {"type": "run.log"},
              {"type": "run.log", "event_id": "evt_3", "run_id": "run_ffffffffffffffffffffffff"}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        JsonElement[] previews = [.. result.Body.GetProperty("previews").EnumerateArray()];
        Assert.Equal(3, previews.Length);
        Assert.Equal("valid", previews[0].GetProperty("validation_status").GetString());
        Assert.Equal(0, previews[0].GetProperty("warnings").GetArrayLength());
        Assert.Equal("invalid", previews[1].GetProperty("validation_status").GetString());
        Assert.Contains("'event_id'", previews[1].GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("valid", previews[2].GetProperty("validation_status").GetString());
        Assert.Equal(1, previews[2].GetProperty("warnings").GetArrayLength());
        Assert.Empty(Server.Events);
    }

    [Fact]
    public async Task Validate_BatchOf26_Returns400()
    {
        ApiResult result = await PostAsync("/v1/events/validate", BuildBatch(26));

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
    }

    private static string BuildBatch(int count)
    {
        var events = Enumerable.Range(0, count).Select(index => new { type = "run.log", event_id = $"evt_{index}" });
        return JsonSerializer.Serialize(new { events });
    }
}
