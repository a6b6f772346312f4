using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Apie.Runtime.Tests;

public sealed class LocalModeTests
{
    private const string LocalSessionId = "ses_local_[0-9a-f]{16}";
    private const string LocalRunId = "run_local_[0-9a-f]{16}";

    [Fact]
    public async Task LocalMode_SessionWithTwoRuns_WritesRequestFile()
    {
        using var directory = new TemporaryDirectory();
        var localDirectory = Path.Combine(directory.Path, "requests");
        var requestFile = Path.Combine(localDirectory, "requests.ndjson");
        var logs = new RecordingLoggerFactory();
        var client = ApieClient.Create(new ApieOptions
        {
            ReadExternalConfiguration = false,
            LocalDirectory = localDirectory,
            LoggerFactory = logs,
            Agent = { Key = LoopbackHarness.AgentKey, Name = LoopbackHarness.AgentName },
        });

        int total;
        try
        {
            Assert.True(client.IsLocalMode);
            total = await client.WithSessionAsync(async () =>
            {
                var first = await client.WithRunAsync(async () =>
                {
                    await Task.Yield();
                    return 1;
                });
                var second = await client.WithRunAsync(async () =>
                {
                    await Task.Yield();
                    return 2;
                });
                return first + second;
            });
            await client.FlushAsync();
        }
        finally
        {
            await client.ShutdownAsync();
        }

        Assert.Equal(3, total);
        Assert.Single(logs.MessagesAt(LogLevel.Information), message => message.Contains(requestFile, StringComparison.Ordinal));
        var lines = File.ReadAllLines(requestFile);
        var requests = lines.Select(ParseLine).ToList();
        Assert.Equal(7, requests.Count);
        foreach (var request in requests)
        {
            Assert.Equal(JsonValueKind.Object, request.ValueKind);
            Assert.Equal("POST", request.GetProperty("method").GetString());
            Assert.Equal(JsonValueKind.Object, request.GetProperty("body").ValueKind);
        }

        var paths = requests.Select(request => request.GetProperty("path").GetString()!).ToList();
        Assert.Equal("/v1/agents/identify", paths[0]);
        Assert.Equal(LoopbackHarness.AgentKey, requests[0].GetProperty("body").GetProperty("agent").GetProperty("key").GetString());
        Assert.Equal("/v1/sessions", paths[1]);
        Assert.Equal("single_agent", requests[1].GetProperty("body").GetProperty("kind").GetString());

        // The creation line contains only the request. The session id comes from the local transport's response,
        // and every later session path contains it.
        var sessionId = paths[2].Split('/')[3];
        Assert.Matches($"^{LocalSessionId}$", sessionId);
        Assert.Equal($"/v1/sessions/{sessionId}/runs", paths[2]);
        Assert.False(requests[2].GetProperty("body").Has("parent_run_id"));
        Assert.Matches($"^/v1/runs/{LocalRunId}/complete$", paths[3]);
        Assert.Equal($"/v1/sessions/{sessionId}/runs", paths[4]);
        Assert.Matches($"^/v1/runs/{LocalRunId}/complete$", paths[5]);
        Assert.NotEqual(paths[3], paths[5]);
        Assert.Equal($"/v1/sessions/{sessionId}/complete", paths[6]);

        foreach (var completion in new[] { requests[3], requests[5], requests[6] })
        {
            Assert.Equal("completed", completion.GetProperty("body").GetProperty("status").GetString());
        }
    }

    private static JsonElement ParseLine(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}
