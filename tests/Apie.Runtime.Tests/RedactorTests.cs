using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using Apie.Configuration;
using Apie.Recording;
using Apie.Serialization;
using Xunit;

namespace Apie.Runtime.Tests;

public sealed class RedactorTests
{
    private const string Marker = Redactor.Marker;
    private const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

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

    public static TheoryData<string> ContainedKeys => new()
    {
        "db_password",
        "X-Authorization",
        "githubToken",
        "PASSWORD",
        "ApiKey",
        "API_KEY",
        "Client_Secret",
        "stripeAccessToken",
        "ssh_private_key_pem",
    };

    public static TheoryData<string> ValueSecrets => new()
    {
        "Bearer abc.DEF-123_xyz~+/=",
        "bearer 0123456789abcdef",
        "sk_live_51HxYzAbCdEf0123456789",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "apie_sk_test_9f8e7d6c5b4a",
        Jwt,
    };

    [Theory]
    [MemberData(nameof(DefaultKeys))]
    public void KeyRule_DefaultKey_Redacted(string key)
    {
        var metadata = new JsonObject { [key] = "hunter2", ["note"] = "visible" };

        CreateRedactor().RedactObject(metadata, "metadata");

        Assert.Equal(Marker, Text(metadata[key]));
        Assert.Equal("visible", Text(metadata["note"]));
    }

    [Theory]
    [MemberData(nameof(ContainedKeys))]
    public void KeyRule_ContainedOrMixedCaseKey_Redacted(string key)
    {
        var metadata = new JsonObject { [key] = "hunter2" };

        CreateRedactor().RedactObject(metadata, "metadata");

        Assert.Equal(Marker, Text(metadata[key]));
    }

    [Fact]
    public void KeyRule_OrdinaryKeys_Kept()
    {
        var metadata = new JsonObject { ["user"] = "ada", ["count"] = 3, ["pass"] = "not a secret key", ["authority"] = "ca" };

        CreateRedactor().RedactObject(metadata, "metadata");

        Assert.Equal("ada", Text(metadata["user"]));
        Assert.Equal(3, metadata["count"]!.GetValue<int>());
        Assert.Equal("not a secret key", Text(metadata["pass"]));
        Assert.Equal("ca", Text(metadata["authority"]));
    }

    [Fact]
    public void KeyRule_NonStringValues_BecomeMarker()
    {
        var metadata = new JsonObject
        {
            ["pin_password"] = 1234,
            ["token_valid"] = true,
            ["secret_config"] = new JsonObject { ["region"] = "eu", ["level"] = 2 },
            ["api_key_list"] = new JsonArray("first", "second"),
            ["refresh_token"] = null,
        };

        CreateRedactor().RedactObject(metadata, "metadata");

        Assert.Equal(Marker, Text(metadata["pin_password"]));
        Assert.Equal(Marker, Text(metadata["token_valid"]));
        Assert.Equal(Marker, Text(metadata["secret_config"]));
        Assert.Equal(Marker, Text(metadata["api_key_list"]));
        Assert.Equal(Marker, Text(metadata["refresh_token"]));
    }

    [Fact]
    public void KeyRule_NestedObjectsAndArrays_Redacted()
    {
        var metadata = new JsonObject
        {
            ["request"] = new JsonObject
            {
                ["headers"] = new JsonObject { ["Authorization"] = "Basic dXNlcjpwYXNz", ["Accept"] = "application/json" },
                ["attempts"] = new JsonArray(
                    new JsonObject { ["password"] = "first-try", ["step"] = 1 },
                    new JsonArray(new JsonObject { ["client_secret"] = "deep" }),
                    "plain text",
                    42),
            },
        };

        CreateRedactor().RedactObject(metadata, "metadata");

        var request = metadata["request"]!;
        Assert.Equal(Marker, Text(request["headers"]!["Authorization"]));
        Assert.Equal("application/json", Text(request["headers"]!["Accept"]));
        var attempts = request["attempts"]!.AsArray();
        Assert.Equal(Marker, Text(attempts[0]!["password"]));
        Assert.Equal(1, attempts[0]!["step"]!.GetValue<int>());
        Assert.Equal(Marker, Text(attempts[1]![0]!["client_secret"]));
        Assert.Equal("plain text", Text(attempts[2]));
        Assert.Equal(42, attempts[3]!.GetValue<int>());
    }

    [Fact]
    public void KeyRule_ParsedJson_Redacted()
    {
        var metadata = JsonNode.Parse("""{"db": {"password": "from-json", "host": "db.internal"}, "items": [{"token": 7}]}""")!.AsObject();

        CreateRedactor().RedactObject(metadata, "metadata");

        Assert.Equal(Marker, Text(metadata["db"]!["password"]));
        Assert.Equal("db.internal", Text(metadata["db"]!["host"]));
        Assert.Equal(Marker, Text(metadata["items"]![0]!["token"]));
    }

    [Theory]
    [MemberData(nameof(ValueSecrets))]
    public void ValueRule_SecretInsideText_Replaced(string secret)
    {
        var text = $"calling the API with {secret} as the credential";

        var redacted = CreateRedactor().RedactText(text);

        Assert.Equal($"calling the API with {Marker} as the credential", redacted);
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValueSecrets))]
    public void ValueRule_SecretInMetadataString_Replaced(string secret)
    {
        var metadata = new JsonObject { ["log"] = new JsonArray($"request header={secret};retry=1") };

        CreateRedactor().RedactObject(metadata, "metadata");

        Assert.Equal($"request header={Marker};retry=1", Text(metadata["log"]![0]));
    }

    [Fact]
    public void ValueRule_SeveralSecrets_AllReplaced()
    {
        var text = $"first Bearer abc123, then sk_live_zzz999 and {Jwt}.";

        var redacted = CreateRedactor().RedactText(text);

        Assert.Equal($"first {Marker}, then {Marker} and {Marker}.", redacted);
    }

    [Fact]
    public void RedactText_NothingMatches_ReturnsSameInstance()
    {
        var text = "an ordinary summary with sk_ and eyJ fragments but no secret";

        var redacted = CreateRedactor().RedactText(text);

        Assert.Same(text, redacted);
    }

    [Fact]
    public void RedactText_Null_ReturnsNull()
    {
        Assert.Null(CreateRedactor().RedactText(null));
    }

    [Fact]
    public void RedactText_IgnoresKeyRule()
    {
        var text = "reset the password for ada";

        Assert.Equal(text, CreateRedactor().RedactText(text));
    }

    [Fact]
    public void RedactKeys_CustomKey_Redacted()
    {
        var redactor = CreateRedactor(new ApieSettings { RedactKeys = ["ssn", "CardNumber"] });
        var metadata = new JsonObject
        {
            ["customer_SSN"] = "123-45-6789",
            ["cardnumber"] = 4242424242424242,
            ["password"] = "still a default key",
            ["name"] = "Ada",
        };

        redactor.RedactObject(metadata, "metadata");

        Assert.Equal(Marker, Text(metadata["customer_SSN"]));
        Assert.Equal(Marker, Text(metadata["cardnumber"]));
        Assert.Equal(Marker, Text(metadata["password"]));
        Assert.Equal("Ada", Text(metadata["name"]));
    }

    [Fact]
    public void RedactKeys_BlankEntries_Ignored()
    {
        var redactor = CreateRedactor(new ApieSettings { RedactKeys = ["", "  "] });
        var metadata = new JsonObject { ["name"] = "Ada" };

        redactor.RedactObject(metadata, "metadata");

        Assert.Equal("Ada", Text(metadata["name"]));
    }

    [Fact]
    public void AllowPaths_AllowedValueKept_SiblingRedacted()
    {
        var redactor = CreateRedactor(new ApieSettings { RedactAllowPaths = ["metadata.usage.token_count"] });
        var metadata = new JsonObject
        {
            ["usage"] = new JsonObject { ["token_count"] = 1200, ["token_price"] = 0.02, ["note"] = "Bearer abc123" },
            ["token_count"] = 5,
        };

        redactor.RedactObject(metadata, "metadata");

        var usage = metadata["usage"]!;
        Assert.Equal(1200, usage["token_count"]!.GetValue<int>());
        Assert.Equal(Marker, Text(usage["token_price"]));
        Assert.Equal(Marker, Text(usage["note"]));
        Assert.Equal(Marker, Text(metadata["token_count"]));
    }

    [Fact]
    public void AllowPaths_EverythingBeneathAllowedPath_Kept()
    {
        var redactor = CreateRedactor(new ApieSettings { RedactAllowPaths = ["metadata.fixture"] });
        var metadata = new JsonObject
        {
            ["fixture"] = new JsonObject
            {
                ["password"] = "test-only",
                ["header"] = "Bearer fixture-token",
                ["list"] = new JsonArray(new JsonObject { ["secret"] = "kept" }),
            },
            ["password"] = "real",
        };

        redactor.RedactObject(metadata, "metadata");

        var fixture = metadata["fixture"]!;
        Assert.Equal("test-only", Text(fixture["password"]));
        Assert.Equal("Bearer fixture-token", Text(fixture["header"]));
        Assert.Equal("kept", Text(fixture["list"]![0]!["secret"]));
        Assert.Equal(Marker, Text(metadata["password"]));
    }

    [Fact]
    public void AllowPaths_SegmentsCompareCaseSensitively()
    {
        var redactor = CreateRedactor(new ApieSettings { RedactAllowPaths = ["metadata.Usage.token_count"] });
        var metadata = new JsonObject { ["usage"] = new JsonObject { ["token_count"] = 10 } };

        redactor.RedactObject(metadata, "metadata");

        Assert.Equal(Marker, Text(metadata["usage"]!["token_count"]));
    }

    [Fact]
    public void AllowPaths_ArrayElementsAddNoSegment()
    {
        var redactor = CreateRedactor(new ApieSettings { RedactAllowPaths = ["metadata.calls.token_count"] });
        var metadata = new JsonObject
        {
            ["calls"] = new JsonArray(
                new JsonObject { ["token_count"] = 5, ["api_key"] = "k1" },
                new JsonArray(new JsonObject { ["token_count"] = 6 })),
        };

        redactor.RedactObject(metadata, "metadata");

        var calls = metadata["calls"]!.AsArray();
        Assert.Equal(5, calls[0]!["token_count"]!.GetValue<int>());
        Assert.Equal(Marker, Text(calls[0]!["api_key"]));
        Assert.Equal(6, calls[1]![0]!["token_count"]!.GetValue<int>());
    }

    [Fact]
    public void AllowPaths_ObjectPathArgument_UsedAsPrefix()
    {
        var redactor = CreateRedactor(new ApieSettings { RedactAllowPaths = ["metadata.usage.token_count", "input"] });
        var usage = new JsonObject { ["token_count"] = 7, ["token_kind"] = "prompt" };
        var input = new JsonObject { ["password"] = "kept" };

        redactor.RedactObject(usage, "metadata.usage");
        redactor.RedactObject(input, "input");

        Assert.Equal(7, usage["token_count"]!.GetValue<int>());
        Assert.Equal(Marker, Text(usage["token_kind"]));
        Assert.Equal("kept", Text(input["password"]));
    }

    [Fact]
    public void DenyPatterns_MatchReplaced()
    {
        var redactor = CreateRedactor(new ApieSettings { RedactDenyPatterns = [@"\bACCT-\d{6}\b", "internal-[a-z]+"] });
        var metadata = new JsonObject { ["note"] = "closed ACCT-123456 on internal-host today" };

        redactor.RedactObject(metadata, "metadata");

        Assert.Equal($"closed {Marker} on {Marker} today", Text(metadata["note"]));
        Assert.Equal($"moved {Marker}", redactor.RedactText("moved ACCT-654321"));
        Assert.Equal("ACCT-12 is too short", redactor.RedactText("ACCT-12 is too short"));
    }

    [Fact]
    public void DenyPatterns_EmptyMatchesInsertNothing()
    {
        var redactor = CreateRedactor(new ApieSettings { RedactDenyPatterns = ["x*"] });

        Assert.Equal($"ab{Marker}c", redactor.RedactText("abxxc"));
    }

    [Fact]
    public void DenyPatterns_InvalidPattern_Throws()
    {
        const string pattern = "(unclosed[group";

        var exception = Assert.Throws<ApieConfigurationException>(() => CreateRedactor(new ApieSettings { RedactDenyPatterns = ["ok", pattern] }));

        Assert.Equal("redactDenyPatterns", exception.Field);
        Assert.Contains("redactDenyPatterns", exception.Message, StringComparison.Ordinal);
        Assert.Contains(pattern, exception.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ArgumentException>(exception.InnerException);
    }

    [Fact]
    public void DenyPatterns_CatastrophicBacktracking_ValueBecomesMarker()
    {
        var redactor = CreateRedactor(new ApieSettings { RedactDenyPatterns = [@"^(\w+\s?)*$"] });
        var input = new string('a', 5000) + "!";
        var metadata = new JsonObject { ["body"] = input, ["count"] = 1 };

        var text = redactor.RedactText(input);
        redactor.RedactObject(metadata, "metadata");

        Assert.Equal(Marker, text);
        Assert.Equal(Marker, Text(metadata["body"]));
        Assert.Equal(1, metadata["count"]!.GetValue<int>());
    }

    [Fact]
    public void Apply_EveryFieldInScope_Redacted()
    {
        const string Secret = "Bearer abc123";
        var wire = new WireEvent
        {
            Type = "tool.call",
            EventId = "evt_1",
            Timestamp = "2025-01-01T00:00:00.000Z",
            PayloadSummary = $"payload {Secret}",
            Metadata = new JsonObject { ["password"] = "x", ["note"] = $"note {Secret}" },
            Tool = new WireTool { Name = $"tool {Secret}", Provider = $"provider {Secret}", RiskLevel = "high" },
            Action = new WireAction { Type = "execute", Name = $"action {Secret}" },
            Resource = new WireResource
            {
                Type = "database",
                ExternalId = $"id {Secret}",
                Provider = $"provider {Secret}",
                Environment = $"environment {Secret}",
            },
            Error = new WireError { Message = $"message {Secret}", Stack = $"stack {Secret}" },
            Decision = new WireDecision { PolicyDecision = "allow", Reason = $"reason {Secret}" },
        };

        CreateRedactor().Apply(wire);

        Assert.Equal($"payload {Marker}", wire.PayloadSummary);
        Assert.Equal(Marker, Text(wire.Metadata!["password"]));
        Assert.Equal($"note {Marker}", Text(wire.Metadata!["note"]));
        Assert.Equal($"tool {Marker}", wire.Tool!.Name);
        Assert.Equal($"provider {Marker}", wire.Tool!.Provider);
        Assert.Equal("high", wire.Tool!.RiskLevel);
        Assert.Equal($"action {Marker}", wire.Action!.Name);
        Assert.Equal($"id {Marker}", wire.Resource!.ExternalId);
        Assert.Equal($"provider {Marker}", wire.Resource!.Provider);
        Assert.Equal($"environment {Marker}", wire.Resource!.Environment);
        Assert.Equal($"message {Marker}", wire.Error!.Message);
        Assert.Equal($"stack {Marker}", wire.Error!.Stack);
        Assert.Equal($"reason {Marker}", wire.Decision!.Reason);
        Assert.Equal("allow", wire.Decision!.PolicyDecision);
        Assert.Equal("tool.call", wire.Type);
        Assert.Equal("evt_1", wire.EventId);
    }

    [Fact]
    public void Apply_CustomKeyMatchingFieldName_Redacted()
    {
        var redactor = CreateRedactor(new ApieSettings { RedactKeys = ["external_id"] });
        var wire = new WireEvent { Resource = new WireResource { ExternalId = "customer-42", Provider = "postgres" } };

        redactor.Apply(wire);

        Assert.Equal(Marker, wire.Resource!.ExternalId);
        Assert.Equal("postgres", wire.Resource!.Provider);
    }

    [Fact]
    public void Apply_AllowPathOnTypedField_Kept()
    {
        var redactor = CreateRedactor(new ApieSettings { RedactAllowPaths = ["error.stack", "tool", "payload_summary"] });
        var wire = new WireEvent
        {
            PayloadSummary = "summary Bearer kept1",
            Tool = new WireTool { Name = "Bearer kept2", Provider = "sk_live_kept3" },
            Error = new WireError { Message = "message Bearer gone", Stack = "stack Bearer kept4" },
        };

        redactor.Apply(wire);

        Assert.Equal("summary Bearer kept1", wire.PayloadSummary);
        Assert.Equal("Bearer kept2", wire.Tool!.Name);
        Assert.Equal("sk_live_kept3", wire.Tool!.Provider);
        Assert.Equal($"message {Marker}", wire.Error!.Message);
        Assert.Equal("stack Bearer kept4", wire.Error!.Stack);
    }

    [Fact]
    public void Apply_LargeEvent_MetadataReplacedBySizeReport()
    {
        const int Limit = 600;
        var wire = CreateLargeEvent();
        var unlimited = CreateLargeEvent();
        CreateRedactor().Apply(unlimited);
        var sizeAfterRedaction = JsonSerializer.SerializeToUtf8Bytes(unlimited, ApieJsonContext.Default.WireEvent).Length;
        Assert.True(sizeAfterRedaction > Limit, $"the test event is {sizeAfterRedaction} bytes, which does not exceed {Limit}.");

        CreateRedactor(new ApieSettings { MaxEventPayloadBytes = Limit }).Apply(wire);

        var expectedMetadata = new JsonObject
        {
            ["apie_payload_truncated"] = true,
            ["apie_payload_bytes"] = sizeAfterRedaction,
            ["apie_payload_max_bytes"] = Limit,
        };
        Assert.True(
            JsonNode.DeepEquals(expectedMetadata, wire.Metadata),
            $"metadata is {wire.Metadata?.ToJsonString()}, expected {expectedMetadata.ToJsonString()}");
        Assert.Equal(3, wire.Metadata!.Count);
        Assert.Null(wire.PayloadSummary);
        Assert.Null(wire.Error!.Stack);
        Assert.Equal(1024, wire.Error!.Message.Length);
        Assert.Equal(unlimited.Error!.Message.Substring(0, 1024), wire.Error!.Message);
    }

    [Fact]
    public void Apply_LargeEvent_KeepsIdentityAndTypedObjects()
    {
        var wire = CreateLargeEvent();
        var tool = wire.Tool;
        var action = wire.Action;
        var resource = wire.Resource;
        var decision = wire.Decision;
        var approval = wire.Approval;

        CreateRedactor(new ApieSettings { MaxEventPayloadBytes = 600 }).Apply(wire);

        Assert.Equal("tool.call", wire.Type);
        Assert.Equal("support-agent", wire.AgentKey);
        Assert.Equal("agent_1", wire.AgentId);
        Assert.Equal("version_1", wire.AgentVersionId);
        Assert.Equal("run_1", wire.RunId);
        Assert.Equal("session_1", wire.SessionId);
        Assert.Equal("evt_1", wire.EventId);
        Assert.Equal(7L, wire.SequenceNumber);
        Assert.Equal(11L, wire.SessionSequenceNumber);
        Assert.Equal("2025-01-01T00:00:00.000Z", wire.Timestamp);
        Assert.Equal("production", wire.Environment);
        Assert.Equal("lookup", wire.StepKey);
        Assert.Equal("Look up the customer", wire.StepName);
        Assert.Equal(2, wire.StepIndex);
        Assert.Same(tool, wire.Tool);
        Assert.Equal("crm.lookup", wire.Tool!.Name);
        Assert.Same(action, wire.Action);
        Assert.Equal("read_customer", wire.Action!.Name);
        Assert.Same(resource, wire.Resource);
        Assert.Equal("cust_9", wire.Resource!.ExternalId);
        Assert.Same(decision, wire.Decision);
        Assert.Equal("within policy", wire.Decision!.Reason);
        Assert.Same(approval, wire.Approval);
        Assert.Equal("approval_1", wire.Approval!.ApprovalId);
    }

    [Fact]
    public void Apply_BelowLimit_NothingChanges()
    {
        var wire = CreateLargeEvent(withSecret: false);
        var before = JsonSerializer.Serialize(wire, ApieJsonContext.Default.WireEvent);
        var size = JsonSerializer.SerializeToUtf8Bytes(wire, ApieJsonContext.Default.WireEvent).Length;
        Assert.DoesNotContain(Marker, before, StringComparison.Ordinal);

        CreateRedactor(new ApieSettings { MaxEventPayloadBytes = size }).Apply(wire);

        Assert.Equal(before, JsonSerializer.Serialize(wire, ApieJsonContext.Default.WireEvent));
    }

    [Fact]
    public void Apply_OneByteOverLimit_Truncated()
    {
        var wire = CreateLargeEvent(withSecret: false);
        var size = JsonSerializer.SerializeToUtf8Bytes(wire, ApieJsonContext.Default.WireEvent).Length;

        CreateRedactor(new ApieSettings { MaxEventPayloadBytes = size - 1 }).Apply(wire);

        Assert.True(wire.Metadata!["apie_payload_truncated"]!.GetValue<bool>());
        Assert.Equal(size, wire.Metadata!["apie_payload_bytes"]!.GetValue<long>());
    }

    [Fact]
    public void Apply_NonAsciiEvent_SizeMatchesSerializer()
    {
        var wire = new WireEvent
        {
            Type = "agent.error",
            EventId = "evt_2",
            Metadata = new JsonObject { ["text"] = "Zürich → 東京 😀 <tag> & \"quote\"", ["list"] = new JsonArray(1.5, "é") },
            Error = new WireError { Message = new string('é', 300) },
        };
        var size = JsonSerializer.SerializeToUtf8Bytes(wire, ApieJsonContext.Default.WireEvent).Length;

        CreateRedactor(new ApieSettings { MaxEventPayloadBytes = 10 }).Apply(wire);

        Assert.Equal(size, wire.Metadata!["apie_payload_bytes"]!.GetValue<long>());
    }

    [Fact]
    public void Apply_TruncatedMessage_KeepsSurrogatePairWhole()
    {
        var message = new string('a', 1023) + "😀" + new string('b', 100);
        var wire = new WireEvent { Type = "agent.error", Error = new WireError { Message = message } };

        CreateRedactor(new ApieSettings { MaxEventPayloadBytes = 100 }).Apply(wire);

        Assert.Equal(new string('a', 1023), wire.Error!.Message);
    }

    [Fact]
    public void Apply_NoLimit_LargeEventNotTruncated()
    {
        var wire = CreateLargeEvent();

        CreateRedactor().Apply(wire);

        Assert.NotNull(wire.PayloadSummary);
        Assert.NotNull(wire.Error!.Stack);
        Assert.False(wire.Metadata!.ContainsKey("apie_payload_truncated"));
    }

    private static Redactor CreateRedactor(ApieSettings? settings = null) => new(settings ?? new ApieSettings());

    private static string? Text(JsonNode? node) => node?.GetValue<string>();

    /// <summary>Creates an event with every field set, well over 600 bytes when serialized. <paramref name="withSecret"/> adds an <c>api_key</c> to its metadata.</summary>
    private static WireEvent CreateLargeEvent(bool withSecret = true)
    {
        var rows = new JsonArray();
        for (var index = 0; index < 20; index++)
        {
            rows.Add(new JsonObject { ["id"] = index, ["label"] = $"row {index}" });
        }

        var metadata = new JsonObject { ["rows"] = rows };
        if (withSecret)
        {
            metadata["api_key"] = "a fairly long secret value";
        }

        return new WireEvent
        {
            Type = "tool.call",
            AgentKey = "support-agent",
            AgentId = "agent_1",
            AgentVersionId = "version_1",
            RunId = "run_1",
            SessionId = "session_1",
            EventId = "evt_1",
            SequenceNumber = 7,
            SessionSequenceNumber = 11,
            Timestamp = "2025-01-01T00:00:00.000Z",
            Environment = "production",
            StepKey = "lookup",
            StepName = "Look up the customer",
            StepIndex = 2,
            PayloadSummary = "looked up a customer record",
            Metadata = metadata,
            Tool = new WireTool { Name = "crm.lookup", Provider = "crm", RiskLevel = "low" },
            Action = new WireAction { Type = "read", Name = "read_customer" },
            Resource = new WireResource { Type = "customer", ExternalId = "cust_9", Provider = "crm", Environment = "production" },
            Decision = new WireDecision { PolicyDecision = "allow", EffectiveDecision = "allow", Reason = "within policy" },
            Approval = new WireApproval { ApprovalId = "approval_1", Status = "approved", ResolvedBy = "ops" },
            Error = new WireError { Message = new string('m', 1500), Stack = "at Crm.Lookup()\nat Agent.Run()" },
        };
    }
}
