using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>
/// Redaction through a real client: secrets put into every field a user can set must never reach the bytes that
/// leave the process, neither the loopback server's request bodies nor the local-mode request file.
/// </summary>
/// <remarks>
/// Every secret here is made up. Each one contains only letters, digits, <c>_</c>, <c>-</c>, <c>.</c> and spaces,
/// which the JSON serializer writes unescaped, so a plain byte search finds every copy that was sent.
/// </remarks>
public sealed class RedactionEndToEndTests
{
    private const string Marker = "[REDACTED]";
    private const string TrackedType = "redaction.check";

    private static readonly Dictionary<string, SecretSample> s_secrets = new(StringComparer.Ordinal)
    {
        ["bearer"] = new("Bearer fakeBearerToken7Q2xw9", "fakeBearerToken7Q2xw9"),
        ["sk_live"] = new("sk_live_fakeLiveKey4Rt8Zq1", "fakeLiveKey4Rt8Zq1"),
        ["sk_test"] = new("sk_test_fakeTestKey9Wm3Lp6", "fakeTestKey9Wm3Lp6"),
        ["jwt"] = new("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYWtlLXVzZXIifQ.ZmFrZS1zaWduYXR1cmU", "eyJzdWIiOiJmYWtlLXVzZXIifQ"),
    };

    public static TheoryData<string> DefaultKeys => new()
    {
        "apiKey",
        "api_key",
        "password",
        "token",
        "secret",
        "authorization",
        "access_token",
        "refresh_token",
        "private_key",
        "client_secret",
    };

    public static TheoryData<string> ValuePatterns => new() { "bearer", "sk_live", "sk_test", "jwt" };

    [Theory]
    [MemberData(nameof(DefaultKeys))]
    public async Task DefaultKey_InTrackPayload_NeverReachesServer(string key)
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        await client.WithRunAsync(() => TrackKeyedPayloadAsync(client, key));
        await client.FlushAsync();

        var requests = SentRequests(harness);
        foreach (var secret in KeyedSecrets(key))
        {
            Assert.Empty(FindRequestsContaining(requests, secret));
        }

        AssertKeyedPayloadRedacted(EventsOf(requests), key);
        Assert.NotEmpty(FindRequestsContaining(requests, "kept-label"));
        Assert.Empty(LeakedLogMessages(harness.Logs, KeyedSecrets(key)));
    }

    [Theory]
    [MemberData(nameof(ValuePatterns))]
    public async Task ValuePattern_InEveryField_NeverReachesServer(string pattern)
    {
        var secret = s_secrets[pattern];
        await using var harness = await LoopbackHarness.StartAsync();

        await RecordInEveryFieldAsync(harness.Client, secret.Value);
        await harness.Client.FlushAsync();

        var requests = SentRequests(harness);
        Assert.Empty(FindRequestsContaining(requests, secret.Value));
        Assert.Empty(FindRequestsContaining(requests, secret.Core));
        AssertEveryFieldRedacted(requests);
        Assert.NotEmpty(FindRequestsContaining(requests, Redacted("note")));
        Assert.Empty(LeakedLogMessages(harness.Logs, [secret.Value, secret.Core]));
    }

    [Theory]
    [MemberData(nameof(ValuePatterns))]
    public async Task ValuePattern_InToolOptions_NeverReachesServer(string pattern)
    {
        var secret = s_secrets[pattern];
        await using var harness = await LoopbackHarness.StartAsync();

        await RecordGuardedToolAsync(harness.Client, secret.Value);
        await harness.Client.FlushAsync();

        var requests = SentRequests(harness);
        AssertToolEventsRedacted(EventsOf(requests));

        // The guardrail request describes the same tool, so it must carry the same redacted fields.
        var evaluate = Assert.Single(requests, request => request.Path == "/v1/guardrails/evaluate");
        Assert.Equal(Redacted("payload"), evaluate.Body.GetProperty("metadata").Text("payload_summary"));
        Assert.Equal(Redacted("record"), evaluate.Body.GetProperty("resource").Text("external_id"));

        Assert.Empty(FindRequestsContaining(requests, secret.Value));
        Assert.Empty(FindRequestsContaining(requests, secret.Core));
    }

    // A secret used as a dictionary key becomes a member name, which the built-in patterns redact too.
    [Theory]
    [MemberData(nameof(ValuePatterns))]
    public async Task ValuePattern_AsPayloadKey_NeverReachesServer(string pattern)
    {
        var secret = s_secrets[pattern];
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        await client.WithRunAsync(async () =>
        {
            await Task.Yield();
            client.Track(TrackedType, new Dictionary<string, object?>
            {
                ["user_by_credential"] = new Dictionary<string, object?> { [secret.Value] = "user-1042" },
            });
        });
        await client.FlushAsync();

        var requests = SentRequests(harness);
        Assert.Single(EventsOf(requests), item => item.Text("type") == TrackedType);
        Assert.Empty(FindRequestsContaining(requests, secret.Value));
        Assert.Empty(FindRequestsContaining(requests, secret.Core));
    }

    [Theory]
    [MemberData(nameof(DefaultKeys))]
    public async Task LocalMode_DefaultKey_NeverReachesRequestFile(string key)
    {
        using var directory = new TemporaryDirectory();

        var requests = await RecordLocallyAsync(directory, client => client.WithRunAsync(() => TrackKeyedPayloadAsync(client, key)));

        foreach (var secret in KeyedSecrets(key))
        {
            Assert.Empty(FindRequestsContaining(requests, secret));
        }

        AssertKeyedPayloadRedacted(EventsOf(requests), key);
        Assert.NotEmpty(FindRequestsContaining(requests, "kept-label"));
    }

    [Theory]
    [MemberData(nameof(ValuePatterns))]
    public async Task LocalMode_ValuePatternInEveryField_NeverReachesRequestFile(string pattern)
    {
        var secret = s_secrets[pattern];
        using var directory = new TemporaryDirectory();

        var requests = await RecordLocallyAsync(directory, client => RecordInEveryFieldAsync(client, secret.Value));

        Assert.Empty(FindRequestsContaining(requests, secret.Value));
        Assert.Empty(FindRequestsContaining(requests, secret.Core));
        AssertEveryFieldRedacted(requests);
        Assert.NotEmpty(FindRequestsContaining(requests, Redacted("note")));
    }

    [Theory]
    [MemberData(nameof(ValuePatterns))]
    public async Task LocalMode_ValuePatternInToolOptions_NeverReachesRequestFile(string pattern)
    {
        var secret = s_secrets[pattern];
        using var directory = new TemporaryDirectory();

        var requests = await RecordLocallyAsync(directory, client => RecordGuardedToolAsync(client, secret.Value));

        AssertToolEventsRedacted(EventsOf(requests));
        Assert.Empty(FindRequestsContaining(requests, secret.Value));
        Assert.Empty(FindRequestsContaining(requests, secret.Core));
    }

    [Fact]
    public async Task RedactKeys_CustomKeys_RedactedBesideDefaults()
    {
        await using var harness = await LoopbackHarness.StartAsync(options => options.RedactKeys = ["customer_ssn", "internalNote"]);
        var client = harness.Client;

        await client.WithRunAsync(async () =>
        {
            await Task.Yield();
            client.Track(TrackedType, new Dictionary<string, object?>
            {
                ["customer_ssn"] = "fake-ssn-000-11-2222",
                ["backup_customer_ssn_copy"] = "fake-ssn-333-44-5555",
                ["INTERNALNOTE"] = "fake-note-refund-fraud-suspected",
                ["profile"] = new Dictionary<string, object?> { ["customer_ssn"] = "fake-ssn-666-77-8888", ["city"] = "Springfield" },
                ["password"] = "fake-default-key-value",
                ["city"] = "Shelbyville",
            });
        });
        await client.FlushAsync();

        var requests = SentRequests(harness);
        foreach (var secret in new[] { "fake-ssn-000-11-2222", "fake-ssn-333-44-5555", "fake-note-refund-fraud-suspected", "fake-ssn-666-77-8888", "fake-default-key-value" })
        {
            Assert.Empty(FindRequestsContaining(requests, secret));
        }

        var metadata = Assert.Single(EventsOf(requests), item => item.Text("type") == TrackedType).GetProperty("metadata");
        Assert.Equal(Marker, metadata.Text("customer_ssn"));
        Assert.Equal(Marker, metadata.Text("backup_customer_ssn_copy"));
        Assert.Equal(Marker, metadata.Text("INTERNALNOTE"));
        Assert.Equal(Marker, metadata.GetProperty("profile").Text("customer_ssn"));
        Assert.Equal(Marker, metadata.Text("password"));
        Assert.Equal("Springfield", metadata.GetProperty("profile").Text("city"));
        Assert.Equal("Shelbyville", metadata.Text("city"));
    }

    [Fact]
    public async Task RedactAllowPaths_AllowedValuesArriveIntact()
    {
        const string allowedBearer = "Bearer fakeAllowedBearer55xk";
        await using var harness = await LoopbackHarness.StartAsync(options => options.RedactAllowPaths = ["metadata.debug_token", "metadata.trace"]);
        var client = harness.Client;

        await client.WithRunAsync(async () =>
        {
            await Task.Yield();
            client.Track(TrackedType, new Dictionary<string, object?>
            {
                ["debug_token"] = "fake-visible-debug-token",
                ["session_token"] = "fake-hidden-session-token",
                ["trace"] = new Dictionary<string, object?> { ["authorization"] = allowedBearer, ["password"] = "fake-visible-trace-password" },
                ["other"] = new Dictionary<string, object?> { ["authorization"] = "fake-hidden-other-authorization", ["note"] = "Bearer fakeHiddenBearer66zq" },
            });
        });
        await client.FlushAsync();

        var requests = SentRequests(harness);
        Assert.Empty(FindRequestsContaining(requests, "fake-hidden-session-token"));
        Assert.Empty(FindRequestsContaining(requests, "fake-hidden-other-authorization"));
        Assert.Empty(FindRequestsContaining(requests, "fakeHiddenBearer66zq"));
        Assert.NotEmpty(FindRequestsContaining(requests, "fakeAllowedBearer55xk"));

        var metadata = Assert.Single(EventsOf(requests), item => item.Text("type") == TrackedType).GetProperty("metadata");
        Assert.Equal("fake-visible-debug-token", metadata.Text("debug_token"));
        Assert.Equal(allowedBearer, metadata.GetProperty("trace").Text("authorization"));
        Assert.Equal("fake-visible-trace-password", metadata.GetProperty("trace").Text("password"));
        Assert.Equal(Marker, metadata.Text("session_token"));
        Assert.Equal(Marker, metadata.GetProperty("other").Text("authorization"));
        Assert.Equal(Marker, metadata.GetProperty("other").Text("note"));
    }

    [Fact]
    public async Task RedactDenyPatterns_MatchesRedactedInEveryField()
    {
        const string orderNumber = "ORDER-482913";
        await using var harness = await LoopbackHarness.StartAsync(options => options.RedactDenyPatterns = [@"ORDER-\d{6}"]);
        var client = harness.Client;

        await client.WithRunAsync(
            async () =>
            {
                await Task.Yield();
                client.Track(TrackedType, new Dictionary<string, object?>
                {
                    ["note"] = Embed("note", orderNumber),
                    ["context"] = new Dictionary<string, object?> { ["note"] = Embed("nested", orderNumber) },
                    ["short_code"] = "ORDER-12",
                });
                client.CaptureError(new InvalidOperationException(Embed("captured", orderNumber)));
                await client.WithLlmCallAsync(() => Task.FromResult("reply"), new ApieLlmCallOptions { InputSummary = Embed("prompt", orderNumber) });
                await client.WithToolAsync("orders.lookup", () => Task.FromResult(1), new ApieToolOptions { PayloadSummary = Embed("payload", orderNumber) });
            },
            new ApieRunOptions { InputSummary = Embed("run", orderNumber) });
        await client.FlushAsync();

        var requests = SentRequests(harness);
        Assert.Empty(FindRequestsContaining(requests, orderNumber));

        var run = Assert.Single(requests, request => request.Path == "/v1/runs");
        Assert.Equal(Redacted("run"), run.Body.Text("input_summary"));

        var events = EventsOf(requests);
        var metadata = Assert.Single(events, item => item.Text("type") == TrackedType).GetProperty("metadata");
        Assert.Equal(Redacted("note"), metadata.Text("note"));
        Assert.Equal(Redacted("nested"), metadata.GetProperty("context").Text("note"));
        Assert.Equal("ORDER-12", metadata.Text("short_code"));

        var error = Assert.Single(events, item => item.Text("type") == "agent.error");
        Assert.Equal(Redacted("captured"), error.GetProperty("error").Text("message"));
        Assert.All(events.Where(item => item.Text("type")!.StartsWith("agent.llm.", StringComparison.Ordinal)), item => Assert.Equal(Redacted("prompt"), item.Text("payload_summary")));
        Assert.All(events.Where(item => item.Has("tool")), item => Assert.Equal(Redacted("payload"), item.Text("payload_summary")));
    }

    [Fact]
    public async Task Truncation_LargeTrack_KeepsIdentityFields()
    {
        const int limit = 600;
        var bulkRow = "fakebulkrow" + new string('x', 4000);
        await using var harness = await LoopbackHarness.StartAsync(options => options.MaxEventPayloadBytes = limit);
        var client = harness.Client;

        await client.WithRunAsync(async () =>
        {
            await Task.Yield();
            client.Track("bulk.export", new Dictionary<string, object?> { ["rows"] = bulkRow, ["row_count"] = 1 });
            client.Track("bulk.note", new Dictionary<string, object?> { ["row_count"] = 1 });
        });
        await client.FlushAsync();

        var requests = SentRequests(harness);
        Assert.Empty(FindRequestsContaining(requests, "fakebulkrow"));

        var runId = Assert.Single(harness.Server.Requests, request => request.Path == "/v1/runs").ResponseJson.Text("id");
        var events = EventsOf(requests);
        var bulk = Assert.Single(events, item => item.Text("type") == "bulk.export");
        Assert.Equal("bulk.export", bulk.Text("type"));
        Assert.True(Guid.TryParse(bulk.Text("event_id"), out _), $"event_id '{bulk.Text("event_id")}' is not a UUID.");
        Assert.Equal(runId, bulk.Text("run_id"));
        Assert.Equal(1, bulk.GetProperty("sequence_number").GetInt64());
        Assert.False(bulk.Has("payload_summary"));

        var metadata = bulk.GetProperty("metadata");
        Assert.Equal(
            ["apie_payload_bytes", "apie_payload_max_bytes", "apie_payload_truncated"],
            metadata.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.True, metadata.GetProperty("apie_payload_truncated").ValueKind);
        Assert.Equal(limit, metadata.GetProperty("apie_payload_max_bytes").GetInt64());
        Assert.True(metadata.GetProperty("apie_payload_bytes").GetInt64() > bulkRow.Length, $"apie_payload_bytes is {metadata.GetProperty("apie_payload_bytes")}, less than the {bulkRow.Length} bytes of the row alone.");

        // The limit applies per event: a small event of the same run keeps its payload.
        var small = Assert.Single(events, item => item.Text("type") == "bulk.note");
        Assert.Equal(1, small.GetProperty("metadata").GetProperty("row_count").GetInt64());
        Assert.False(small.GetProperty("metadata").Has("apie_payload_truncated"));
        Assert.Equal(2, small.GetProperty("sequence_number").GetInt64());
    }

    /// <summary>
    /// Puts <paramref name="secret"/> into a session and run input summary, a Track payload (top level, nested
    /// object and list), an exception captured by <c>CaptureError</c>, an LLM call input summary, a handoff's
    /// reason, input and payload summaries and failure reason, and the exception of a failing run.
    /// </summary>
    private static Task RecordInEveryFieldAsync(ApieClient client, string secret) => client.WithSessionAsync(
        async () =>
        {
            await client.WithRunAsync(
                async () =>
                {
                    await Task.Yield();
                    client.Track(TrackedType, new Dictionary<string, object?>
                    {
                        ["note"] = Embed("note", secret),
                        ["context"] = new Dictionary<string, object?> { ["note"] = Embed("nested", secret) },
                        ["items"] = new List<object?> { Embed("listed", secret) },
                    });
                    client.CaptureError(new InvalidOperationException(Embed("captured", secret)));
                    await client.WithLlmCallAsync(
                        () => Task.FromResult("reply"),
                        new ApieLlmCallOptions { Provider = "fake-provider", Model = "fake-model", InputSummary = Embed("prompt", secret) });

                    var handoff = client.Handoffs.Request(new ApieHandoffOptions
                    {
                        Reason = Embed("handoff", secret),
                        InputSummary = Embed("handoff input", secret),
                        PayloadSummary = Embed("handoff payload", secret),
                    });
                    client.Handoffs.Fail(handoff, Embed("handoff failure", secret));
                },
                new ApieRunOptions { InputSummary = Embed("run", secret) });

            await Assert.ThrowsAsync<InvalidOperationException>(() => client.WithRunAsync(async () =>
            {
                await Task.Yield();
                throw new InvalidOperationException(Embed("thrown", secret));
            }));
        },
        new ApieSessionOptions { InputSummary = Embed("session", secret) });

    private static void AssertEveryFieldRedacted(IReadOnlyList<SentRequest> requests)
    {
        var session = Assert.Single(requests, request => request.Path == "/v1/sessions");
        Assert.Equal(Redacted("session"), session.Body.Text("input_summary"));

        var runs = requests.Where(request => request.Path.EndsWith("/runs", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, runs.Count);
        Assert.Equal(Redacted("run"), runs[0].Body.Text("input_summary"));

        var events = EventsOf(requests);
        var metadata = Assert.Single(events, item => item.Text("type") == TrackedType).GetProperty("metadata");
        Assert.Equal(Redacted("note"), metadata.Text("note"));
        Assert.Equal(Redacted("nested"), metadata.GetProperty("context").Text("note"));
        Assert.Equal(Redacted("listed"), metadata.GetProperty("items")[0].GetString());

        var errorMessages = events.Where(item => item.Text("type") == "agent.error").Select(item => item.GetProperty("error").Text("message")).ToList();
        Assert.Equal([Redacted("captured"), Redacted("thrown")], errorMessages);

        var llmEvents = events.Where(item => item.Text("type")!.StartsWith("agent.llm.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["agent.llm.called", "agent.llm.completed"], llmEvents.Select(item => item.Text("type")));
        Assert.All(llmEvents, item => Assert.Equal(Redacted("prompt"), item.Text("payload_summary")));

        var handoff = Assert.Single(requests, request => request.Path.EndsWith("/handoffs", StringComparison.Ordinal));
        Assert.Equal(Redacted("handoff"), handoff.Body.Text("reason"));
        Assert.Equal(Redacted("handoff input"), handoff.Body.Text("input_summary"));
        Assert.Equal(Redacted("handoff payload"), handoff.Body.Text("payload_summary"));

        var requested = Assert.Single(events, item => item.Text("type") == "agent.handoff.requested");
        Assert.Equal(Redacted("handoff"), requested.GetProperty("metadata").Text("reason"));
        Assert.Equal(Redacted("handoff payload"), requested.Text("payload_summary"));
        var failed = Assert.Single(events, item => item.Text("type") == "agent.handoff.failed");
        Assert.Equal(Redacted("handoff failure"), failed.GetProperty("metadata").Text("reason"));
    }

    /// <summary>Runs a guarded tool whose payload summary, external id and result contain <paramref name="secret"/>.</summary>
    private static Task RecordGuardedToolAsync(ApieClient client, string secret) => client.WithRunAsync(() => client.WithToolAsync(
        "crm.lookup",
        () => Task.FromResult(Embed("result", secret)),
        new ApieToolOptions { ResourceType = "database_record", PayloadSummary = Embed("payload", secret), ExternalId = Embed("record", secret) }));

    private static void AssertToolEventsRedacted(List<JsonElement> events)
    {
        Assert.Equal(
            ["agent.guardrail.evaluated", "agent.tool.called", "agent.action.requested", "agent.action.completed"],
            events.Select(item => item.Text("type")));
        Assert.All(events, item => Assert.Equal(Redacted("payload"), item.Text("payload_summary")));
        Assert.All(events, item => Assert.Equal(Redacted("record"), item.GetProperty("resource").Text("external_id")));
        Assert.Equal(Redacted("result"), events[3].GetProperty("metadata").Text("result"));
    }

    private static async Task<int> TrackKeyedPayloadAsync(ApieClient client, string key)
    {
        await Task.Yield();
        client.Track(TrackedType, new Dictionary<string, object?>
        {
            [key] = KeyedSecret("top", key),
            [$"billing_{key}_value"] = KeyedSecret("contained", key),
            [key.ToUpperInvariant()] = KeyedSecret("upper", key),
            ["context"] = new Dictionary<string, object?> { [key] = KeyedSecret("nested", key), ["label"] = "kept-label" },
            ["items"] = new List<object?> { new Dictionary<string, object?> { [key] = KeyedSecret("listed", key) }, "kept-item" },
        });
        return 0;
    }

    private static string[] KeyedSecrets(string key)
        => new[] { "top", "contained", "upper", "nested", "listed" }.Select(place => KeyedSecret(place, key)).ToArray();

    private static string KeyedSecret(string place, string key) => $"fake-{place}-value-under-{key}";

    private static void AssertKeyedPayloadRedacted(List<JsonElement> events, string key)
    {
        var metadata = Assert.Single(events, item => item.Text("type") == TrackedType).GetProperty("metadata");
        Assert.Equal(Marker, metadata.Text(key));
        Assert.Equal(Marker, metadata.Text($"billing_{key}_value"));
        Assert.Equal(Marker, metadata.Text(key.ToUpperInvariant()));
        Assert.Equal(Marker, metadata.GetProperty("context").Text(key));
        Assert.Equal("kept-label", metadata.GetProperty("context").Text("label"));
        Assert.Equal(Marker, metadata.GetProperty("items")[0].Text(key));
        Assert.Equal("kept-item", metadata.GetProperty("items")[1].GetString());
    }

    private static string Embed(string place, string secret) => $"{place} {secret} end";

    private static string Redacted(string place) => $"{place} {Marker} end";

    /// <summary>Returns the requests the loopback server recorded, with their raw bodies.</summary>
    private static List<SentRequest> SentRequests(LoopbackHarness harness)
        => harness.Server.Requests.Select(request => new SentRequest(request.Line(), request.Path, Encoding.UTF8.GetBytes(request.Body))).ToList();

    /// <summary>Runs <paramref name="scenario"/> with a local-mode client, shuts it down, and returns the lines of <c>requests.ndjson</c>.</summary>
    private static async Task<List<SentRequest>> RecordLocallyAsync(TemporaryDirectory directory, Func<ApieClient, Task> scenario)
    {
        var client = ApieClient.Create(new ApieOptions
        {
            ReadExternalConfiguration = false,
            LocalDirectory = directory.Path,
            LoggerFactory = new RecordingLoggerFactory(),
            Agent = { Key = LoopbackHarness.AgentKey, Name = LoopbackHarness.AgentName },
        });
        try
        {
            Assert.True(client.IsLocalMode);
            await scenario(client);
            await client.FlushAsync();
        }
        finally
        {
            await client.ShutdownAsync();
        }

        // The file is split on the newline byte, so a secret found in no line is also absent from the whole file.
        var bytes = await File.ReadAllBytesAsync(Path.Combine(directory.Path, "requests.ndjson"));
        var requests = new List<SentRequest>();
        var start = 0;
        while (start < bytes.Length)
        {
            var length = Array.IndexOf(bytes, (byte)'\n', start) is var end and >= 0 ? end - start : bytes.Length - start;
            var line = bytes.AsSpan(start, length).ToArray();
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var path = root.Text("path")!;
            var body = root.TryGetProperty("body", out var found) ? found.Clone() : default;
            requests.Add(new SentRequest($"line {requests.Count + 1}: {root.Text("method")} {path}", path, line) { ParsedBody = body });
            start += length + 1;
        }

        return requests;
    }

    /// <summary>Returns the label of each request whose raw bytes contain the UTF-8 bytes of <paramref name="text"/>.</summary>
    private static List<string> FindRequestsContaining(IEnumerable<SentRequest> requests, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return requests.Where(request => request.Bytes.AsSpan().IndexOf(needle) >= 0).Select(request => request.Label).ToList();
    }

    private static List<string> LeakedLogMessages(RecordingLoggerFactory logs, IEnumerable<string> secrets)
        => logs.Entries.Where(entry => secrets.Any(secret => entry.Message.Contains(secret, StringComparison.Ordinal))).Select(entry => entry.Message).ToList();

    private static List<JsonElement> EventsOf(IEnumerable<SentRequest> requests)
        => requests.Where(request => request.Path == "/v1/events").SelectMany(request => request.Body.GetProperty("events").EnumerateArray()).ToList();

    /// <summary>A made-up secret, and a distinctive part of it that must not survive a partial redaction.</summary>
    private sealed record SecretSample(string Value, string Core);

    /// <summary>One request that left the client: a label for failure messages, its path, and its raw body bytes.</summary>
    private sealed record SentRequest(string Label, string Path, byte[] Bytes)
    {
        /// <summary>The body as JSON; set for request-file lines, whose raw bytes are the whole line.</summary>
        public JsonElement? ParsedBody { get; init; }

        public JsonElement Body => ParsedBody ?? Parse(Bytes);

        private static JsonElement Parse(byte[] bytes)
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
    }
}
