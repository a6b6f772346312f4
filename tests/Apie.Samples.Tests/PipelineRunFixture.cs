using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Apie.Testing;
using SupportPipeline;
using Xunit;

namespace Apie.Samples.Tests;

/// <summary>
/// Runs the sample's pipeline once over the bundled tickets, recording to a loopback Apie server in enforce mode
/// whose guardrails apply the sample's <see cref="RefundReviewGuardrail"/>, as <c>--loopback</c> does, and keeps
/// what the tests check: the tickets, the sample's report and output, and the recorded requests.
/// </summary>
public sealed class PipelineRunFixture : IAsyncLifetime
{
    private LoopbackApieServer? _server;

    internal IReadOnlyList<Ticket> Tickets { get; private set; } = [];

    internal PipelineReport Report { get; private set; } = null!;

    internal string Output { get; private set; } = "";

    internal Uri ServerUrl { get; private set; } = null!;

    internal ApieQueueDiagnostics QueueAfterShutdown { get; private set; } = null!;

    internal IReadOnlyList<RecordedRequest> Requests { get; private set; } = [];

    internal RecordedTrace Trace { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackApieServer.StartAsync();
        _server.GuardrailRule = RefundReviewGuardrail.Evaluate;
        ServerUrl = _server.BaseUrl;

        // Create makes the client ApieClient.Current, which the sample's generated code records through.
        var client = ApieClient.Create(new ApieOptions
        {
            ApiKey = "apie_sk_test_sample",
            BaseUrl = _server.BaseUrl,
            Mode = ApieMode.Enforce,
            ReadExternalConfiguration = false,
        });

        Tickets = TicketLoader.LoadBundled();
        using var output = new StringWriter();
        try
        {
            Report = await TicketPipeline.RunAsync(Tickets, output);
        }
        finally
        {
            await client.ShutdownAsync();
        }

        Output = output.ToString();
        QueueAfterShutdown = client.GetQueueDiagnostics();
        Requests = _server.Requests;
        Trace = RecordedTrace.From(Requests);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
