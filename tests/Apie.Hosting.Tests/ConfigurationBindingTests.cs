using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace Apie.Hosting.Tests;

public sealed class ConfigurationBindingTests
{
    private static IConfigurationSection Section(IReadOnlyDictionary<string, string?> values)
        => new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Apie");

    [Fact]
    public void BindsEveryFieldKind()
    {
        var section = Section(new Dictionary<string, string?>
        {
            ["Apie:apiKey"] = "apie_sk_test_binding",
            ["Apie:baseUrl"] = "http://127.0.0.1:3000/gateway",
            ["Apie:enabled"] = "true",
            ["Apie:version"] = "2.4.1",
            ["Apie:mode"] = "enforce",
            ["Apie:guardFailureMode"] = "fail_closed",
            ["Apie:approvalTimeoutMs"] = "90000",
            ["Apie:capabilities:0"] = "refunds",
            ["Apie:capabilities:1"] = "search",
            ["Apie:tools:0"] = "kb.search",
            ["Apie:flushIntervalMs"] = "1500",
            ["Apie:maxBatchSize"] = "10",
            ["Apie:maxQueueSize"] = "200",
            ["Apie:retryAttempts"] = "5",
            ["Apie:retryBaseDelayMs"] = "100",
            ["Apie:queueStoragePath"] = "queue/apie.ndjson",
            ["Apie:queueDropPolicy"] = "drop_newest",
            ["Apie:onError"] = "throw",
            ["Apie:redactKeys:0"] = "customer_ssn",
            ["Apie:redactAllowPaths:0"] = "metadata.usage.token_count",
            ["Apie:redactDenyPatterns:0"] = "ACCT-[0-9]+",
            ["Apie:maxEventPayloadBytes"] = "4096",
            ["Apie:timeout"] = "2500",
            ["Apie:headers:X-Team"] = "support",
            ["Apie:headers:X-Region"] = "eu",
            ["Apie:completionFlushTimeoutMs"] = "750",
            ["Apie:shutdownTimeoutMs"] = "8000",
            ["Apie:localDirectory"] = "traces",
            ["Apie:readExternalConfiguration"] = "false",
            ["Apie:agent:key"] = "support-agent",
            ["Apie:agent:name"] = "Support agent",
            ["Apie:agent:purpose"] = "Answers tickets",
            ["Apie:agent:owner"] = "owner@example.com",
            ["Apie:agent:team"] = "support",
            ["Apie:agent:description"] = "Drafts replies",
            ["Apie:runtime:environment"] = "staging",
            ["Apie:runtime:framework"] = "aspnetcore",
            ["Apie:runtime:language"] = "csharp",
            ["Apie:runtime:sdkVersion"] = "9.9.9",
            ["Apie:boundary:autoInferFromToolNames"] = "true",
            ["Apie:model:provider"] = "openai",
            ["Apie:model:name"] = "gpt-test",
            ["Apie:source:gitSha"] = "abc123",
            ["Apie:source:deploymentId"] = "dep-7",
        });
        var options = new ApieOptions();

        var unknown = ApieConfigurationBinder.Bind(section, options);

        Assert.Empty(unknown);
        Assert.Equal("apie_sk_test_binding", options.ApiKey);
        Assert.Equal(new Uri("http://127.0.0.1:3000/gateway"), options.BaseUrl);
        Assert.True(options.Enabled);
        Assert.Equal("2.4.1", options.Version);
        Assert.Equal(ApieMode.Enforce, options.Mode);
        Assert.Equal(ApieGuardFailureMode.FailClosed, options.GuardFailureMode);
        Assert.Equal(TimeSpan.FromSeconds(90), options.ApprovalTimeout);
        Assert.Equal(new[] { "refunds", "search" }, options.Capabilities);
        Assert.Equal(new[] { "kb.search" }, options.Tools);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.FlushInterval);
        Assert.Equal(10, options.MaxBatchSize);
        Assert.Equal(200, options.MaxQueueSize);
        Assert.Equal(5, options.RetryAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.RetryBaseDelay);
        Assert.Equal("queue/apie.ndjson", options.QueueStoragePath);
        Assert.Equal(ApieQueueDropPolicy.DropNewest, options.QueueDropPolicy);
        Assert.Equal(ApieErrorMode.Throw, options.OnError);
        Assert.Equal(new[] { "customer_ssn" }, options.RedactKeys);
        Assert.Equal(new[] { "metadata.usage.token_count" }, options.RedactAllowPaths);
        Assert.Equal(new[] { "ACCT-[0-9]+" }, options.RedactDenyPatterns);
        Assert.Equal(4096, options.MaxEventPayloadBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.Timeout);
        Assert.Equal("support", options.Headers!["X-Team"]);
        Assert.Equal("eu", options.Headers["x-region"]);
        Assert.Equal(TimeSpan.FromMilliseconds(750), options.CompletionFlushTimeout);
        Assert.Equal(TimeSpan.FromSeconds(8), options.ShutdownTimeout);
        Assert.Equal("traces", options.LocalDirectory);
        Assert.False(options.ReadExternalConfiguration);
        Assert.Equal("support-agent", options.Agent.Key);
        Assert.Equal("Support agent", options.Agent.Name);
        Assert.Equal("Answers tickets", options.Agent.Purpose);
        Assert.Equal("owner@example.com", options.Agent.Owner);
        Assert.Equal("support", options.Agent.Team);
        Assert.Equal("Drafts replies", options.Agent.Description);
        Assert.Equal("staging", options.Runtime.Environment);
        Assert.Equal("aspnetcore", options.Runtime.Framework);
        Assert.Equal("csharp", options.Runtime.Language);
        Assert.Equal("9.9.9", options.Runtime.SdkVersion);
        Assert.True(options.Boundary.AutoInferFromToolNames);
        Assert.Equal("openai", options.Model.Provider);
        Assert.Equal("gpt-test", options.Model.Name);
        Assert.Equal("abc123", options.Source.GitSha);
        Assert.Equal("dep-7", options.Source.DeploymentId);
    }

    [Fact]
    public void BindsPascalCaseKeysAndMemberNames()
    {
        var section = Section(new Dictionary<string, string?>
        {
            ["Apie:FlushIntervalMs"] = "3000",
            ["Apie:Mode"] = "Enforce",
            ["Apie:GuardFailureMode"] = "FailClosed",
            ["Apie:QueueDropPolicy"] = "DropNewest",
            ["Apie:OnError"] = "Silent",
            ["Apie:Agent:Key"] = "pascal-agent",
            ["Apie:Boundary:AutoInferFromToolNames"] = "True",
        });
        var options = new ApieOptions();

        var unknown = ApieConfigurationBinder.Bind(section, options);

        Assert.Empty(unknown);
        Assert.Equal(TimeSpan.FromSeconds(3), options.FlushInterval);
        Assert.Equal(ApieMode.Enforce, options.Mode);
        Assert.Equal(ApieGuardFailureMode.FailClosed, options.GuardFailureMode);
        Assert.Equal(ApieQueueDropPolicy.DropNewest, options.QueueDropPolicy);
        Assert.Equal(ApieErrorMode.Silent, options.OnError);
        Assert.Equal("pascal-agent", options.Agent.Key);
        Assert.True(options.Boundary.AutoInferFromToolNames);
    }

    [Fact]
    public void BindsJsonArraysInIndexOrder()
    {
        const string Json = """
            {
              "Apie": {
                "tools": [ "kb.search", "ticket.reply", "billing.refund" ],
                "agent": { "key": "json-agent" },
                "headers": { "X-Team": "support" }
              }
            }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json))).Build();
        var options = new ApieOptions();

        ApieConfigurationBinder.Bind(configuration.GetSection("Apie"), options);

        Assert.Equal(new[] { "kb.search", "ticket.reply", "billing.refund" }, options.Tools);
        Assert.Equal("json-agent", options.Agent.Key);
        Assert.Equal("support", options.Headers!["X-Team"]);
    }

    [Fact]
    public void AbsentAndBlankKeysKeepValues()
    {
        var section = Section(new Dictionary<string, string?>
        {
            ["Apie:apiKey"] = "",
            ["Apie:agent:name"] = "  ",
        });
        var options = new ApieOptions { ApiKey = "apie_sk_test_code", FlushInterval = TimeSpan.FromSeconds(9) };
        options.Agent.Name = "from code";

        ApieConfigurationBinder.Bind(section, options);

        Assert.Equal("apie_sk_test_code", options.ApiKey);
        Assert.Equal(TimeSpan.FromSeconds(9), options.FlushInterval);
        Assert.Equal("from code", options.Agent.Name);
        Assert.True(options.ReadExternalConfiguration);
        Assert.Null(options.Tools);
    }

    [Fact]
    public void ReportsUnknownKeys()
    {
        var section = Section(new Dictionary<string, string?>
        {
            ["Apie:baseURI"] = "http://127.0.0.1:3000",
            ["Apie:flushInterval"] = "00:00:02",
            ["Apie:agent:key"] = "known",
            ["Apie:agent:colour"] = "blue",
            ["Apie:headers:X-Anything"] = "is a header, not an unknown key",
        });

        var unknown = ApieConfigurationBinder.Bind(section, new ApieOptions());

        Assert.Equal(new[] { "Apie:agent:colour", "Apie:baseURI", "Apie:flushInterval" }, unknown);
    }

    [Fact]
    public void CallbackRunsAfterBinding()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Apie:agent:key"] = "from-configuration",
            ["Apie:flushIntervalMs"] = "1234",
        };
        using var host = TestHosts.Build(configuration, configure: options => options.Agent.Key = "from-callback");

        var options = host.Services.GetRequiredService<IOptions<ApieOptions>>().Value;

        Assert.Equal("from-callback", options.Agent.Key);
        Assert.Equal(TimeSpan.FromMilliseconds(1234), options.FlushInterval);
    }

    [Fact]
    public void UnknownKeysAreLoggedThroughHost()
    {
        var logs = new ListLoggerProvider();
        var configuration = new Dictionary<string, string?>
        {
            ["Apie:enabled"] = "false",
            ["Apie:baseURI"] = "http://127.0.0.1:3000",
        };
        using var host = TestHosts.Build(configuration, logs);

        host.Services.GetRequiredService<ApieClient>();

        var warning = Assert.Single(logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Category == "Apie");
        Assert.Contains("Apie:baseURI", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Apie:enabled", "yes", "Apie:enabled", "is 'yes', which is not true or false")]
    [InlineData("Apie:maxBatchSize", "ten", "Apie:maxBatchSize", "is 'ten', which is not a whole number")]
    [InlineData("Apie:flushIntervalMs", "0", "Apie:flushIntervalMs", "is 0, and it must be greater than zero")]
    [InlineData("Apie:timeout", "1.5", "Apie:timeout", "which is not a whole number of milliseconds")]
    [InlineData("Apie:mode", "loud", "Apie:mode", "which is not one of: monitor, enforce")]
    [InlineData("Apie:guardFailureMode", "open", "Apie:guardFailureMode", "fail_open, fail_closed, throw")]
    [InlineData("Apie:baseUrl", "ftp://files.example.invalid", "Apie:baseUrl", "not an absolute http or https URL")]
    [InlineData("Apie:apiKey", "sk_wrong_secret", "Apie:apiKey", "does not start with 'apie_sk_' (15 characters)")]
    [InlineData("Apie:tools", "kb.search", "Apie:tools", "it must be a list: set Apie:tools:0")]
    [InlineData("Apie:tools:first", "kb.search", "Apie:tools", "list entries are numbered from 0")]
    [InlineData("Apie:agent", "support", "Apie:agent", "it must be a section")]
    [InlineData("Apie:agent:key:inner", "support", "Apie:agent:key", "must be a single value")]
    [InlineData("Apie:headers", "X-Team", "Apie:headers", "a section of names and values")]
    public async Task InvalidValueNamesTheKey(string key, string value, string field, string problem)
    {
        using var host = TestHosts.Build(new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAsync<ApieConfigurationException>(() => host.StartAsync());

        Assert.Equal(field, error.Field);
        Assert.Equal("the host configuration", error.Source);
        Assert.Contains($"'{field}' from the host configuration", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidApiKeyIsNotInMessage()
    {
        var section = Section(new Dictionary<string, string?> { ["Apie:apiKey"] = "sk_live_secretvalue" });

        var error = Assert.Throws<ApieConfigurationException>(() => ApieConfigurationBinder.Bind(section, new ApieOptions()));

        Assert.DoesNotContain("secretvalue", error.Message, StringComparison.Ordinal);
    }
}
