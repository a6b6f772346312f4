using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Apie.Samples.Tests;

/// <summary>
/// The sample as its own process, started the way a user starts it, in a working directory whose
/// <c>apie.config.json</c> is broken: generated code must not fail, so the run succeeds in local mode and the
/// reason is logged once.
/// </summary>
public sealed class ConfigurationFallbackTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "apie-fallback-" + Guid.NewGuid().ToString("N"));

    public ConfigurationFallbackTests()
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
        Assert.Contains("Processed 24 tickets", output, StringComparison.Ordinal);
        Assert.Equal(1, CountOccurrences(error, "Invalid Apie configuration"));
        Assert.Contains(field, error, StringComparison.Ordinal);
        Assert.Contains("local mode", error, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_live_wrong_prefix", error, StringComparison.Ordinal);

        var lines = await File.ReadAllLinesAsync(Path.Combine(_directory, ".apie", "requests.ndjson"));
        var paths = lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("path").GetString()).ToList();
        Assert.Equal("/v1/agents/identify", paths[0]);
        Assert.Equal(24, paths.Count(path => path == "/v1/sessions"));
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunSampleAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(SampleAssemblyPath());

        // The environment is a later configuration source: without these, a developer's own key would hide the file.
        start.Environment.Remove("APIE_API_KEY");
        start.Environment.Remove("APIE_BASE_URL");

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
