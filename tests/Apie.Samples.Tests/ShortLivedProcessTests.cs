using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Testing;
using SupportPipeline;
using Xunit;

namespace Apie.Samples.Tests;

/// <summary>
/// A short-lived process loses nothing at exit. The sample handles one ticket as its own process, configured by the
/// environment, and exits. The server must then contain the session, the three runs, their completions and every
/// event. The in-process run of the same ticket through <see cref="PipelineRunFixture"/> gives the events to expect.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class ShortLivedProcessTests : IClassFixture<PipelineRunFixture>, IDisposable
{
    private const string ApiKey = "apie_sk_test_short_lived";

    // The bundled ticket that requests a refund of 49.00 USD on an order. Its resolution run calls the refund tool,
    // then the reply tool, and every guardrail here allows both.
    private const string TicketId = "TCK-1001";

    // 2 s longer than the 2 s default CompletionFlushTimeout, so the sample reaches its shutdown while the batch is
    // delayed. Only code sets that timeout, so the sample uses the default, and the 5 s default ShutdownTimeout.
    private static readonly TimeSpan SlowBatchDelay = TimeSpan.FromSeconds(4);

    private static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(2);

    private static readonly string[] s_resolutionTools = [SupportTools.RefundTool, SupportTools.ReplyTool];

    // The events of one allowed tool call, in the order they are recorded.
    private static readonly string[] s_toolCallEvents =
        ["agent.guardrail.evaluated", "agent.tool.called", "agent.action.requested", "agent.action.completed"];

    private readonly PipelineRunFixture _inProcess;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "apie-short-lived-" + Guid.NewGuid().ToString("N"));

    public ShortLivedProcessTests(PipelineRunFixture inProcess)
    {
        _inProcess = inProcess;
        Directory.CreateDirectory(_directory);
    }

    /// <param name="slowFirstBatch">
    /// Whether the server delays the first <c>POST /v1/events</c> by <see cref="SlowBatchDelay"/>. Then the session's
    /// completion flush gives up before that batch is accepted, and only the shutdown before exit sends the rest.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OneTicket_ServerHasEverything(bool slowFirstBatch)
    {
        await using var server = await LoopbackApieServer.StartAsync();
        server.ExpectedApiKey = ApiKey;
        if (slowFirstBatch)
        {
            server.InjectFault("POST", "/v1/events", InjectedFault.Delay(SlowBatchDelay), times: 1);
        }

        var ticketFile = Path.Combine(_directory, "one-ticket.jsonl");
        await File.WriteAllLinesAsync(ticketFile, [File.ReadLines(TicketLoader.BundledPath).Single(line => line.Contains($"\"id\":\"{TicketId}\"", StringComparison.Ordinal))]);

        int exitCode;
        string output;
        string error;
        IReadOnlyList<(DateTimeOffset ReceivedAt, string Text)> outputLines;
        var environment = new Dictionary<string, string>
        {
            ["APIE_BASE_URL"] = server.BaseUrl.ToString(),
            ["APIE_API_KEY"] = ApiKey,
        };
        using (var sample = SampleProcess.Start(_directory, environment, ticketFile))
        {
            exitCode = await sample.WaitForExitAsync(WaitTimeout);
            output = sample.Output;
            error = sample.Error;
            outputLines = sample.OutputLines;
        }

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{error}");
        Assert.Contains("Processed 1 tickets: 3 runs, 0 failed runs, 0 escalations, 2 tool calls (0 blocked, 0 failed).", output, StringComparison.Ordinal);

        // The runtime logs a warning to standard error when a request fails or when it shuts down with items not sent.
        Assert.True(error.Length == 0, $"The sample wrote to standard error:\n{error}");
        Assert.Equal(slowFirstBatch ? 1 : 0, server.FaultsServed);

        var requests = server.Requests;
        if (slowFirstBatch)
        {
            // The sample prints the summary line after the last ticket and before the shutdown. The line must arrive
            // while the first batch is delayed, or this case would not test the shutdown.
            var firstBatch = requests.First(request => request.Path == "/v1/events");
            var summary = outputLines.Single(line => line.Text.StartsWith("Processed 1 tickets", StringComparison.Ordinal));
            Assert.True(
                summary.ReceivedAt < firstBatch.ReceivedAt + SlowBatchDelay,
                $"The summary line arrived {(summary.ReceivedAt - firstBatch.ReceivedAt).TotalMilliseconds:0} ms after the held batch, not within {SlowBatchDelay.TotalMilliseconds:0} ms.");
        }

        Assert.All(requests, request => Assert.True(
            request.ResponseStatus is 200 or 201,
            $"{request.Method} {request.Path} returned {request.ResponseStatus}: {request.ResponseBody}"));
        var trace = RecordedTrace.From(requests);
        Assert.Empty(trace.Unmatched);

        // One session, created and completed once.
        var session = Assert.Single(trace.Sessions);
        Assert.Contains(TicketId, RecordedTrace.String(session.Creation.Json, "input_summary") ?? "", StringComparison.Ordinal);
        var sessionCompletion = Assert.Single(session.Completions);
        Assert.Equal("completed", RecordedTrace.String(sessionCompletion.Json, "status"));

        // Three runs, each created and completed once: the orchestrator, then triage and resolution under it.
        Assert.Equal(3, session.Runs.Count);
        Assert.Equal(["orchestrator", "worker", "worker"], session.Runs.Select(run => run.Role));
        Assert.Equal([null, "triage", "resolve"], session.Runs.Select(run => run.StepKey));
        foreach (var run in session.Runs)
        {
            var completion = Assert.Single(run.Completions);
            Assert.Equal("completed", RecordedTrace.String(completion.Json, "status"));
        }

        // Only the resolution run calls tools: one guardrail request and four events per call.
        var (orchestrator, triage, resolve) = (session.Runs[0], session.Runs[1], session.Runs[2]);
        Assert.Empty(orchestrator.Events);
        Assert.Empty(triage.Events);
        Assert.Empty(orchestrator.Evaluations);
        Assert.Empty(triage.Evaluations);
        Assert.Equal(s_resolutionTools.Length, resolve.Evaluations.Count);
        Assert.Equal(s_resolutionTools.SelectMany(_ => s_toolCallEvents), resolve.Events.Select(item => item.Type));
        Assert.Equal(s_resolutionTools.SelectMany(tool => s_toolCallEvents.Select(_ => tool)), resolve.Events.Select(item => item.ToolName));

        // Every event arrived once, and each run's and the session's sequence numbers have no gap.
        var events = server.Events;
        Assert.Equal(s_resolutionTools.Length * s_toolCallEvents.Length, events.Count);
        Assert.Equal(events.Count, events.Select(item => item.GetProperty("event_id").GetString()).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, events.Count).Select(number => (long)number), events.Select(item => item.GetProperty("sequence_number").GetInt64()));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(number => (long)number), events.Select(item => item.GetProperty("session_sequence_number").GetInt64()));

        // The same ticket in-process, where the test waits for the client's shutdown, recorded the same events.
        var inProcess = Assert.Single(_inProcess.Trace.Sessions, candidate => (RecordedTrace.String(candidate.Creation.Json, "input_summary") ?? "").Contains(TicketId, StringComparison.Ordinal));
        Assert.Equal(inProcess.Runs.Select(run => run.StepKey), session.Runs.Select(run => run.StepKey));
        for (var index = 0; index < session.Runs.Count; index++)
        {
            Assert.Equal(inProcess.Runs[index].Events.Select(item => (item.Type, item.ToolName)), session.Runs[index].Events.Select(item => (item.Type, item.ToolName)));
            Assert.Equal(inProcess.Runs[index].Evaluations.Count, session.Runs[index].Evaluations.Count);
            Assert.Equal(inProcess.Runs[index].Completions.Count, session.Runs[index].Completions.Count);
        }
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }
}
