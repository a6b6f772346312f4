using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Apie.Testing;
using SupportPipeline;
using Xunit;

namespace Apie.Samples.Tests;

/// <summary>
/// The sample's whole command path, cancelled before the first ticket's work: exit code 130, a cancelled session,
/// and a failed orchestrator run marked as cancelled, all sent by the program's own shutdown.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class CancellationTests
{
    [Fact]
    public async Task CancelledRun_Returns130AndCancelsSession()
    {
        await using var server = await LoopbackApieServer.StartAsync();
        await using var client = ApieClient.Create(new ApieOptions
        {
            ApiKey = "apie_sk_test_sample",
            BaseUrl = server.BaseUrl,
            ReadExternalConfiguration = false,
        });
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        // Program.RunAsync shuts the current client down itself, so every request is sent when it returns.
        var exitCode = await Program.RunAsync([TicketLoader.BundledPath], output, error, cancellation.Token);

        Assert.Equal(Program.ExitCancelled, exitCode);
        Assert.Contains("Cancelled", error.ToString(), System.StringComparison.Ordinal);
        Assert.Equal(0, client.GetQueueDiagnostics().QueueSize);

        var trace = RecordedTrace.From(server.Requests);
        Assert.Empty(trace.Unmatched);
        var session = Assert.Single(trace.Sessions);
        var sessionCompletion = Assert.Single(session.Completions);
        Assert.Equal("cancelled", RecordedTrace.String(sessionCompletion.Json, "status"));

        // The orchestrator's first await observes the cancellation, before any worker starts.
        var orchestrator = Assert.Single(session.Runs);
        Assert.Equal("orchestrator", orchestrator.Role);
        var runCompletion = Assert.Single(orchestrator.Completions);
        Assert.Equal("failed", RecordedTrace.String(runCompletion.Json, "status"));
        Assert.True(runCompletion.Json.GetProperty("metadata").GetProperty("cancelled").GetBoolean());
        Assert.Empty(trace.Runs.SelectMany(run => run.Events));
    }
}
