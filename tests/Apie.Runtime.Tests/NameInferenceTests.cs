using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Apie.Testing;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>
/// Name inference under <c>Boundary.AutoInferFromToolNames</c>: the action type, resource type and risk level a
/// tool name implies, as the evaluate request and the events carry them.
/// </summary>
public sealed class NameInferenceTests
{
    private const string EvaluatePath = "/v1/guardrails/evaluate";

    /// <summary>
    /// One or more tool names per row of the protocol's inference table, with the action type, resource type and
    /// risk level that row sets. The search/read/get row leaves the resource as given, which is <c>unknown</c>
    /// when the tool gives none.
    /// </summary>
    public static TheoryData<string, string, string, string> InferenceTable => new()
    {
        { "deploy.service", "execute", "deployment_event", "high" },
        { "release_build", "execute", "deployment_event", "high" },
        { "vault.fetch", "read", "secret", "critical" },
        { "secret-store.lookup", "read", "secret", "critical" },
        { "db.upsert", "update", "database_record", "high" },
        { "postgres.run", "update", "database_record", "high" },
        { "sql.exec", "update", "database_record", "high" },
        { "github.merge_pr", "merge", "code_repository", "high" },
        { "merge_branch", "merge", "code_repository", "high" },
        { "github.comment", "merge", "code_repository", "high" },
        { "pipeline.trigger", "execute", "pipeline_run", "high" },
        { "cicd_rerun", "execute", "pipeline_run", "high" },
        { "kb.search", "read", "unknown", "low" },
        { "file.read", "read", "unknown", "low" },
        { "get_user", "read", "unknown", "low" },
        { "getUser", "read", "unknown", "low" },
        { "shell.rm", "delete", "shell_command", "critical" },
        { "rmFile", "delete", "shell_command", "critical" },
        { "ticket.delete", "delete", "shell_command", "critical" },
        { "destroy_env", "delete", "shell_command", "critical" },
    };

    [Theory]
    [MemberData(nameof(InferenceTable))]
    public async Task Inference_AppliesTableRow(string toolName, string actionType, string resourceType, string riskLevel)
    {
        await using var harness = await StartAsync(inferFromNames: true);

        await CallToolAsync(harness, toolName, options: null);

        AssertDescribed(harness.Server, toolName, actionType, toolName, resourceType, riskLevel);
    }

    [Fact]
    public async Task ReadRow_KeepsGivenResource()
    {
        await using var harness = await StartAsync(inferFromNames: true);

        await CallToolAsync(harness, "kb.search", new ApieToolOptions { ResourceType = "knowledge_base" });

        AssertDescribed(harness.Server, "kb.search", "read", "kb.search", "knowledge_base", "low");
    }

    [Fact]
    public async Task ExplicitValues_WinOverInference()
    {
        await using var harness = await StartAsync(inferFromNames: true);
        var options = new ApieToolOptions
        {
            ActionType = "create",
            ActionName = "create_release_note",
            ResourceType = "internal_api",
            RiskLevel = RiskLevel.Medium,
        };

        await CallToolAsync(harness, "deploy.notes", options);

        AssertDescribed(harness.Server, "deploy.notes", "create", "create_release_note", "internal_api", "medium");
    }

    [Fact]
    public async Task ExplicitRisk_KeepsInferredActionAndResource()
    {
        await using var harness = await StartAsync(inferFromNames: true);

        await CallToolAsync(harness, "vault.fetch", new ApieToolOptions { RiskLevel = RiskLevel.Low });

        AssertDescribed(harness.Server, "vault.fetch", "read", "vault.fetch", "secret", "low");
    }

    [Fact]
    public async Task Inference_OffByDefault()
    {
        await using var harness = await StartAsync(inferFromNames: null);

        await CallToolAsync(harness, "github.merge_pr", options: null);

        AssertDescribed(harness.Server, "github.merge_pr", "execute", "github.merge_pr", "unknown", riskLevel: null);
    }

    [Fact]
    public async Task Inference_OffWhenDisabled()
    {
        await using var harness = await StartAsync(inferFromNames: false);

        await CallToolAsync(harness, "shell.rm", options: null);

        AssertDescribed(harness.Server, "shell.rm", "execute", "shell.rm", "unknown", riskLevel: null);
    }

    /// <summary>Names that contain a table word only inside a longer word.</summary>
    [Theory]
    [InlineData("format")]
    [InlineData("platform.info")]
    [InlineData("thread.list")]
    [InlineData("budget.plan")]
    [InlineData("secretary.schedule")]
    [InlineData("dbt.compile")]
    public async Task NearMiss_IsNotInferred(string toolName)
    {
        await using var harness = await StartAsync(inferFromNames: true);

        await CallToolAsync(harness, toolName, options: null);

        AssertDescribed(harness.Server, toolName, "execute", toolName, "unknown", riskLevel: null);
    }

    private static Task<LoopbackHarness> StartAsync(bool? inferFromNames)
        => LoopbackHarness.StartAsync(options => options.Boundary.AutoInferFromToolNames = inferFromNames);

    private static async Task CallToolAsync(LoopbackHarness harness, string toolName, ApieToolOptions? options)
    {
        var client = harness.Client;
        var result = await client.WithRunAsync(() => client.WithToolAsync(toolName, () => Task.FromResult(3), options));
        await client.FlushAsync();
        Assert.Equal(3, result);
    }

    /// <summary>Checks the description in the evaluate request and in every event of the call.</summary>
    private static void AssertDescribed(LoopbackApieServer server, string toolName, string actionType, string actionName, string resourceType, string? riskLevel)
    {
        var evaluate = Assert.Single(server.Requests, r => r.Path == EvaluatePath).Json;
        Assert.Equal(toolName, evaluate.GetProperty("tool").Text("name"));
        Assert.Equal(actionType, evaluate.GetProperty("action").Text("type"));
        Assert.Equal(actionName, evaluate.GetProperty("action").Text("name"));
        Assert.Equal(resourceType, evaluate.GetProperty("resource").Text("type"));
        AssertRisk(riskLevel, evaluate, "risk_level");
        AssertRisk(riskLevel, evaluate.GetProperty("tool"), "risk_level");

        var events = server.Events;
        Assert.Equal(
            ["agent.guardrail.evaluated", "agent.tool.called", "agent.action.requested", "agent.action.completed"],
            events.Select(e => e.Text("type")));
        foreach (var item in events)
        {
            Assert.Equal(toolName, item.GetProperty("tool").Text("name"));
            Assert.Equal(actionType, item.GetProperty("action").Text("type"));
            Assert.Equal(actionName, item.GetProperty("action").Text("name"));
            Assert.Equal(resourceType, item.GetProperty("resource").Text("type"));
            AssertRisk(riskLevel, item.GetProperty("tool"), "risk_level");
            AssertRisk(riskLevel, item.GetProperty("action"), "risk_level");
        }
    }

    private static void AssertRisk(string? expected, JsonElement owner, string name)
    {
        if (expected is null)
        {
            Assert.False(owner.Has(name), $"Expected no {name}, got '{owner.Text(name)}'.");
        }
        else
        {
            Assert.Equal(expected, owner.Text(name));
        }
    }
}
