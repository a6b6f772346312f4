using System;
using System.IO;
using System.Threading.Tasks;
using SupportPipeline;
using Xunit;

namespace Apie.Samples.Tests;

/// <summary>
/// The sample's command line with invalid input: it returns exit code 2 with a message that names the file,
/// and it stops before it records anything.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class ProgramEntryTests : IDisposable
{
    private const string ValidLine = """{"id":"TCK-1","received_at":"2025-03-03T08:00:00Z","customer":"Ada Lovelace","email":"ada@example.com","channel":"email","priority":"normal","subject":"Hello","body":"A question."}""";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "apie-samples-tests-" + Guid.NewGuid().ToString("N"));

    public ProgramEntryTests()
    {
        Directory.CreateDirectory(_directory);
    }

    [Fact]
    public async Task MissingFile_ReturnsExitCode2()
    {
        var path = Path.Combine(_directory, "missing.jsonl");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await Program.RunAsync([path], output, error);

        Assert.Equal(Program.ExitInvalidInput, exitCode);
        Assert.Equal(2, exitCode);
        Assert.Contains($"Ticket file not found: {path}", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task Main_MissingFile_ReturnsExitCode2()
    {
        var exitCode = await Program.Main([Path.Combine(_directory, "missing.jsonl")]);

        Assert.Equal(2, exitCode);
    }

    [Theory]
    [InlineData("""{"id":"TCK-2",""", "invalid ticket")]
    [InlineData("""{"id":"TCK-2","received_at":"2025-03-03T08:00:00Z","customer":"Bo","email":"bo@example.com","channel":"email","priority":"normal","body":"No subject."}""", "subject")]
    [InlineData("""{"id":"TCK-2","received_at":"2025-03-03T08:00:00Z","customer":"Bo","email":"bo@example.com","channel":"email","priority":"normal","subject":null,"body":"Null subject."}""", "invalid ticket")]
    [InlineData("""{"id":"TCK-2","received_at":"2025-03-03T08:00:00Z","customer":"Bo","email":"bo@example.com","channel":"fax","priority":"normal","subject":"Hi","body":"Fax."}""", "invalid ticket")]
    [InlineData("""{"id":"TCK-2","received_at":"2025-03-03T08:00:00Z","customer":"Bo","email":"bo@example.com","channel":"email","priority":"normal","subject":"","body":"Empty subject."}""", "'subject' is empty")]
    [InlineData("""{"id":"TCK-2","received_at":"2025-03-03T08:00:00Z","customer":"Bo","email":"bo@example.com","channel":"email","priority":"normal","subject":"Hi","body":"Extra.","color":"red"}""", "color")]
    [InlineData("""{"id":"TCK-2","received_at":"2025-03-03T08:00:00Z","customer":"Bo","email":"bo@example.com","channel":"email","priority":7,"subject":"Hi","body":"Number."}""", "'priority' 7")]
    [InlineData("""{"id":"TCK-2","received_at":"2025-03-03T08:00:00Z","customer":"Bo","email":"bo@example.com","channel":"email","priority":"normal","subject":"Hi","body":"Refund.","refund_amount":-5}""", "'refund_amount' is negative")]
    [InlineData(ValidLine, "already used on line 1")]
    public async Task InvalidLine_NamesFileAndLine(string badLine, string expectedDetail)
    {
        // The blank second line counts, so the bad line is line 3.
        var path = Path.Combine(_directory, "tickets.jsonl");
        await File.WriteAllLinesAsync(path, [ValidLine, "", badLine]);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await Program.RunAsync([path], output, error);

        Assert.Equal(2, exitCode);
        var message = error.ToString();
        Assert.Contains($"Ticket file {path}, line 3:", message, StringComparison.Ordinal);
        Assert.Contains(expectedDetail, message, StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task EmptyFile_ReturnsExitCode2()
    {
        var path = Path.Combine(_directory, "empty.jsonl");
        await File.WriteAllTextAsync(path, "\n\n");
        using var error = new StringWriter();

        var exitCode = await Program.RunAsync([path], TextWriter.Null, error);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Ticket file {path} contains no tickets", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoArguments_ReturnExitCode2()
    {
        using var error = new StringWriter();

        var exitCode = await Program.RunAsync(["a.jsonl", "b.jsonl"], TextWriter.Null, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("expected at most one ticket file, but got 2: a.jsonl, b.jsonl.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoFilesWithLoopback_ReturnExitCode2()
    {
        using var error = new StringWriter();

        var exitCode = await Program.RunAsync(["a.jsonl", "--loopback", "b.jsonl"], TextWriter.Null, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("expected at most one ticket file, but got 2: a.jsonl, b.jsonl.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_ReturnsExitCode2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await Program.RunAsync(["--loopbak"], output, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("error: unknown option '--loopbak'.", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Usage: SupportPipeline", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task LoopbackWithMissingFile_ReturnsExitCode2()
    {
        var path = Path.Combine(_directory, "missing.jsonl");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await Program.RunAsync(["--loopback", path], output, error);

        // The tickets load before the server starts, so nothing is printed about a server.
        Assert.Equal(2, exitCode);
        Assert.Contains($"Ticket file not found: {path}", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task Help_ReturnsExitCode0()
    {
        using var output = new StringWriter();

        var exitCode = await Program.RunAsync(["--help"], output, TextWriter.Null);

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage: SupportPipeline [--loopback] [TICKETS.jsonl]", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--loopback   Starts an Apie server inside this process", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }
}
