using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Apie.Package.Tests;

/// <summary>
/// ConsumerApp, built against the packed package with no MSBuild setting of its own for Apie, and run in local
/// mode on each of its target frameworks.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class PackageConsumerTests
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(1);

    private readonly PackedPackage _package;

    public PackageConsumerTests(PackedPackage package)
    {
        _package = package;
    }

    [Fact]
    public void ConsumerBuild_SucceedsWithoutWarnings()
    {
        var build = RequireConsumerBuild();

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(build.Warnings().Count == 0, build.ToString());
    }

    [Fact]
    public void ConsumerRestore_UsesPackedPackage()
    {
        RequireConsumerBuild();
        var version = _package.Version;
        var restoredHash = Path.Combine(_package.PackagesDirectory, "apie", version, $"apie.{version}.nupkg.sha512");

        Assert.True(File.Exists(restoredHash), $"{restoredHash} is missing, so the consumer did not restore Apie into its own packages folder.");
        using var package = File.OpenRead(_package.PackagePath);
        Assert.Equal(Convert.ToBase64String(SHA512.HashData(package)), File.ReadAllText(restoredHash).Trim());
    }

    [Theory]
    [InlineData("net8.0", "netstandard2.0")]
    [InlineData("net10.0", "net10.0")]
    public void ConsumerOutput_HasRuntimeOfMatchingLib(string framework, string libFramework)
    {
        var build = RequireConsumerBuild();
        Assert.True(build.ExitCode == 0, build.ToString());

        using var archive = ZipFile.OpenRead(_package.PackagePath);
        foreach (var assembly in new[] { "Apie.Attributes.dll", "Apie.Runtime.dll" })
        {
            using var packed = new MemoryStream();
            using (var entry = archive.GetEntry($"lib/{libFramework}/{assembly}")!.Open())
            {
                entry.CopyTo(packed);
            }

            var copied = File.ReadAllBytes(_package.ConsumerOutput(framework, assembly));
            Assert.True(packed.ToArray().AsSpan().SequenceEqual(copied), $"{framework}/{assembly} of the consumer is not lib/{libFramework}/{assembly} of the package.");
        }
    }

    [Theory]
    [InlineData("net8.0")]
    [InlineData("net10.0")]
    public async Task Consumer_RecordsEveryAttribute(string framework)
    {
        var build = RequireConsumerBuild();
        Assert.True(build.ExitCode == 0, build.ToString());

        var workingDirectory = Path.Combine(_package.Root, "run-" + framework);
        Directory.CreateDirectory(workingDirectory);

        // The machine may have only the .NET 10 runtime, so DOTNET_ROLL_FORWARD=Major lets the net8.0 build run on it.
        var run = await DotNetCommand.RunAsync(
            workingDirectory,
            new[] { _package.ConsumerOutput(framework, "ConsumerApp.dll") },
            s_runTimeout,
            new Dictionary<string, string?> { ["DOTNET_ROLL_FORWARD"] = "Major" });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Your refund for T-1001 is on its way. Refunded 42.50 USD.", run.Output, StringComparison.Ordinal);
        Assert.Contains("Handled 1 ticket", run.Output, StringComparison.Ordinal);
        Assert.Contains("local mode", run.Error, StringComparison.Ordinal);

        var requestsPath = Path.Combine(workingDirectory, ".apie", "requests.ndjson");
        Assert.True(File.Exists(requestsPath), $"{requestsPath} is missing.\n{run}");
        var requests = File.ReadAllLines(requestsPath).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var paths = requests.Select(request => request.GetProperty("path").GetString()!).ToList();

        // [ApieSession] and the two [ApieRun] methods inside it.
        Assert.Equal(1, paths.Count(path => path == "/v1/sessions"));
        var sessionId = requests.Single(request => request.GetProperty("path").GetString() == "/v1/sessions")
            .GetProperty("response").GetProperty("id").GetString();
        Assert.Equal(2, paths.Count(path => path == $"/v1/sessions/{sessionId}/runs"));
        Assert.Equal(2, paths.Count(path => path.StartsWith("/v1/runs/", StringComparison.Ordinal) && path.EndsWith("/complete", StringComparison.Ordinal)));
        Assert.Equal(1, paths.Count(path => path == $"/v1/sessions/{sessionId}/complete"));

        // [ApieTool] sends a guardrail request first, and local mode allows every call.
        Assert.Equal(1, paths.Count(path => path == "/v1/guardrails/evaluate"));

        var events = requests
            .Where(request => request.GetProperty("path").GetString() == "/v1/events")
            .SelectMany(request => request.GetProperty("body").GetProperty("events").EnumerateArray())
            .ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        var expectedTypes = new[]
        {
            "agent.workflow.step.started", "agent.workflow.step.completed",
            "agent.llm.called", "agent.llm.completed",
            "agent.guardrail.evaluated", "agent.tool.called", "agent.action.requested", "agent.action.completed",
        };
        foreach (var type in expectedTypes)
        {
            Assert.True(types.Count(t => t == type) == 1, $"expected one {type} event, found: {string.Join(", ", types)}");
        }

        Assert.DoesNotContain("agent.error", types);

        var step = events.First(e => e.GetProperty("type").GetString() == "agent.workflow.step.started");
        Assert.Equal("validate", step.GetProperty("step_key").GetString());
        Assert.Equal("T-1001 in billing", step.GetProperty("payload_summary").GetString());

        var modelCall = events.First(e => e.GetProperty("type").GetString() == "agent.llm.called");
        Assert.Equal("example-model", modelCall.GetProperty("metadata").GetProperty("model").GetString());

        var toolCall = events.First(e => e.GetProperty("type").GetString() == "agent.tool.called");
        Assert.Equal("billing.refund", toolCall.GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal("Refund 42.50 USD on T-1001", toolCall.GetProperty("payload_summary").GetString());
    }

    private CommandResult RequireConsumerBuild()
    {
        Assert.True(_package.Pack.ExitCode == 0, _package.Pack.ToString());
        return _package.ConsumerBuild;
    }
}
