using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Testing;
using SupportPipeline;
using Xunit;

namespace Apie.Samples.Tests;

/// <summary>
/// The sample as its own process, started the way a user starts it: configured by the environment, it sends
/// to the service; with a broken <c>apie.config.json</c>, generated code must not fail, so the run succeeds in
/// local mode and the reason is logged once; with <c>--loopback</c>, it sends to its own server in enforce mode
/// and prints the blocked refund.
/// </summary>
public sealed class SampleProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "apie-fallback-" + Guid.NewGuid().ToString("N"));

    public SampleProcessTests()
    {
        Directory.CreateDirectory(_directory);
    }

    [Theory]
    [InlineData("{ \"baseUrl\": ", "apie.config.json")]
    [InlineData("{ \"baseUrl\": \"ftp://example.invalid\" }", "baseUrl")]
    [InlineData("{ \"apiKey\": \"sk_live_wrong_prefix\" }", "apiKey")]
    [InlineData("{ \"mode\": \"observe\" }", "mode")]
    public async Task InvalidConfigFallsBackToLocalMode(string config, string field)
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "apie.config.json"), config);

        var (exitCode, output, error) = await RunSampleAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{error}");
        Assert.Contains("Processed 25 tickets", output, StringComparison.Ordinal);
        Assert.Equal(1, CountOccurrences(error, "Invalid Apie configuration"));
        Assert.Contains(field, error, StringComparison.Ordinal);
        Assert.Contains("local mode", error, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_live_wrong_prefix", error, StringComparison.Ordinal);

        var lines = await File.ReadAllLinesAsync(Path.Combine(_directory, ".apie", "requests.ndjson"));
        var paths = lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("path").GetString()).ToList();
        Assert.Equal("/v1/agents/identify", paths[0]);
        Assert.Equal(25, paths.Count(path => path == "/v1/sessions"));
        Assert.Equal(35, paths.Count(path => path == "/v1/guardrails/evaluate"));
    }

    [Fact]
    public async Task EnvironmentSendsToService()
    {
        await using var server = await LoopbackApieServer.StartAsync();
        server.ExpectedApiKey = "apie_sk_test_environment";

        var (exitCode, output, error) = await RunSampleAsync(new Dictionary<string, string>
        {
            ["APIE_BASE_URL"] = server.BaseUrl.ToString(),
            ["APIE_API_KEY"] = "apie_sk_test_environment",
        });

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{error}");
        Assert.Contains(server.BaseUrl.ToString(), output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, ".apie")), "the sample must not write locally when a service is configured");

        var requests = server.Requests;
        Assert.All(requests, request => Assert.InRange(request.ResponseStatus, 200, 299));
        Assert.Equal("/v1/agents/identify", requests[0].Path);
        Assert.Equal(25, requests.Count(request => request.Path == "/v1/sessions"));
        Assert.Equal(75, requests.Count(request => request.Path.EndsWith("/runs", StringComparison.Ordinal)));
        Assert.Equal(2, server.Events.Count(e => e.GetProperty("type").GetString() == "agent.error"));

        // Monitor mode, the default, sends a guardrail request before every tool call, and this server allows all 35.
        Assert.Equal(35, requests.Count(request => request.Path == "/v1/guardrails/evaluate"));
        Assert.Equal(35, server.Events.Count(e => e.GetProperty("type").GetString() == "agent.tool.called"));
        Assert.Contains("35 tool calls (0 blocked, 0 failed)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loopback_PrintsBlockedRefund()
    {
        // --loopback ignores the environment, so this configured service must receive nothing.
        await using var configured = await LoopbackApieServer.StartAsync();

        var (exitCode, output, error) = await RunSampleAsync(
            new Dictionary<string, string>
            {
                ["APIE_BASE_URL"] = configured.BaseUrl.ToString(),
                ["APIE_API_KEY"] = "apie_sk_test_environment",
            },
            "--loopback");

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{error}");
        Assert.StartsWith("Loopback Apie server at http://127.0.0.1:", output, StringComparison.Ordinal);

        var lines = output.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var blocked = Assert.Single(lines, line => line.Contains(" blocked ", StringComparison.Ordinal));
        Assert.StartsWith("      tool billing.refund ", blocked, StringComparison.Ordinal);
        Assert.EndsWith($"  {RefundReviewGuardrail.Reason} (guardrail {RefundReviewGuardrail.Key})", blocked, StringComparison.Ordinal);
        var blockedIndex = lines.IndexOf(blocked);
        Assert.EndsWith("HandedOff to billing-team", lines[blockedIndex - 1], StringComparison.Ordinal);

        Assert.Contains(
            "Processed 25 tickets: 75 runs, 2 failed runs, 7 escalations, 35 tool calls (1 blocked, 0 failed). Apie sent its requests to http://127.0.0.1:",
            output,
            StringComparison.Ordinal);
        Assert.Empty(configured.Requests);
        Assert.False(Directory.Exists(Path.Combine(_directory, ".apie")), "the sample must not write locally with --loopback");
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunSampleAsync(IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(SampleAssemblyPath());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The environment is a later configuration source: without these, a developer's own key would hide the file.
        start.Environment.Remove("APIE_API_KEY");
        start.Environment.Remove("APIE_BASE_URL");
        foreach (var variable in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable.Key] = variable.Value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Returns the sample as its own build wrote it. The copy next to this test assembly cannot start alone,
    /// because its dependencies were resolved for the test project.
    /// </summary>
    private static string SampleAssemblyPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        for (var directory = testOutput; directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "samples", "SupportPipeline", "bin", configuration, framework, "SupportPipeline.dll");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"No SupportPipeline.dll built for {configuration}/{framework} above {testOutput.FullName}.");
    }

    private static int CountOccurrences(string text, string value)
        => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
