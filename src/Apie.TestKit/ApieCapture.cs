using System;
using System.Collections.Generic;
using System.Threading;

namespace Apie.TestKit;

/// <summary>
/// Records what an application's Apie calls send, in memory, for its own tests. <see cref="Start"/> creates a
/// client whose requests never leave the process and makes it <see cref="ApieClient.Current"/>, so attributed
/// methods and the <c>With…Async</c> methods record into it. Each request gets its response at once, on the
/// thread that queued it, so there is no HTTP request, no background thread and no file. When a wrapped call returns, what it recorded is
/// already readable here. <see cref="Dispose"/> shuts the client down and restores the previous current client.
/// <code>
/// using var capture = ApieCapture.Start();
/// await agent.ResolveAsync(ticket);
/// Assert.Equal("completed", capture.Runs[0].Status);
/// Assert.Single(capture.Events.OfType("agent.tool.called"));
/// </code>
/// </summary>
/// <remarks>
/// <see cref="ApieClient.Current"/> is one per process, so one capture can be active at a time, and code that
/// other tests run meanwhile records into it. <see cref="Start"/> throws while another capture is active: run the
/// tests that use a capture one at a time, for example in one xUnit test collection.
/// </remarks>
public sealed class ApieCapture : IDisposable
{
    private static readonly object s_gate = new();
    private static ApieCapture? s_active;

    private readonly MemoryTransport _transport;
    private readonly ApieClient? _previous;
    private int _disposed;

    private ApieCapture(MemoryTransport transport, ApieClient client, ApieClient? previous)
    {
        _transport = transport;
        Client = client;
        _previous = previous;
    }

    /// <summary>
    /// Creates the capture's client and makes it <see cref="ApieClient.Current"/>. The options start with agent key
    /// and name <c>test-agent</c>, and <see cref="ApieOptions.ReadExternalConfiguration"/> false, so neither
    /// <c>apie.config.json</c> nor the environment changes a test; <paramref name="configure"/> may change any of
    /// them, such as <see cref="ApieOptions.Mode"/>. <see cref="ApieOptions.BaseUrl"/>, <see cref="ApieOptions.ApiKey"/>,
    /// <see cref="ApieOptions.HttpClient"/>, <see cref="ApieOptions.QueueStoragePath"/> and
    /// <see cref="ApieOptions.LocalDirectory"/> are checked but not used: requests always stay in memory.
    /// </summary>
    /// <param name="configure">Changes to the client's options, or null.</param>
    /// <exception cref="InvalidOperationException">Another capture is active.</exception>
    /// <exception cref="ApieConfigurationException">An option is invalid.</exception>
    public static ApieCapture Start(Action<ApieOptions>? configure = null)
    {
        var options = new ApieOptions { ReadExternalConfiguration = false };
        options.Agent.Key = "test-agent";
        options.Agent.Name = "test-agent";
        configure?.Invoke(options);

        var transport = new MemoryTransport();
        ApieCapture capture;
        lock (s_gate)
        {
            if (s_active is not null)
            {
                throw new InvalidOperationException(
                    "Another ApieCapture is active, and ApieClient.Current is one per process. Dispose each capture (using var capture = ApieCapture.Start()) and run the tests that use a capture one at a time, for example in one xUnit test collection.");
            }

            var previous = ApieClient.PeekCurrent();
            capture = new ApieCapture(transport, ApieClient.CreateForTesting(options, transport), previous);
            s_active = capture;
        }

        return capture;
    }

    /// <summary>The capture's client, which is <see cref="ApieClient.Current"/> until the capture is disposed.</summary>
    public ApieClient Client { get; }

    /// <summary>
    /// Decides each guardrail request of a tool call. Null, the default, allows every call. In enforce mode a
    /// <see cref="ApieTestDecision.Block"/> stops the call before its body runs.
    /// </summary>
    public Func<CapturedGuardrailCheck, ApieTestDecision>? Guardrails
    {
        get => _transport.Guardrails;
        set => _transport.Guardrails = value;
    }

    /// <summary>Every request the client sent, in order, starting with the agent's registration.</summary>
    public IReadOnlyList<CapturedRequest> Requests => _transport.Snapshot();

    /// <summary>The runs, in the order they were created, with their events and tool calls.</summary>
    public IReadOnlyList<CapturedRun> Runs
    {
        get
        {
            var requests = Requests;
            return CaptureReader.Runs(requests, CaptureReader.Events(requests));
        }
    }

    /// <summary>The sessions, in the order they were created, with their runs and events.</summary>
    public IReadOnlyList<CapturedSession> Sessions
    {
        get
        {
            var requests = Requests;
            var events = CaptureReader.Events(requests);
            return CaptureReader.Sessions(requests, events, CaptureReader.Runs(requests, events));
        }
    }

    /// <summary>Every event, in the order it was sent. Filter them with <see cref="CapturedEventExtensions.OfType"/>.</summary>
    public IReadOnlyList<CapturedEvent> Events => CaptureReader.Events(Requests);

    /// <summary>Every tool call, in the order it started, including calls a guardrail blocked.</summary>
    public IReadOnlyList<CapturedToolCall> ToolCalls => CaptureReader.ToolCalls(Events);

    /// <summary>Every guardrail request, in order.</summary>
    public IReadOnlyList<CapturedGuardrailCheck> GuardrailChecks => CaptureReader.GuardrailChecks(Requests);

    /// <summary>
    /// Forgets the recorded requests, for a test that checks one phase at a time. A run created before the call
    /// and completed after it no longer appears in <see cref="Runs"/>, but its events do appear in <see cref="Events"/>.
    /// </summary>
    public void Clear() => _transport.Clear();

    /// <summary>
    /// Shuts the client down and makes the client that was current before <see cref="Start"/> current again, or, if
    /// there was none, lets the next use build the default one. What was recorded stays readable.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            // Shutdown sends what is queued through the in-memory transport, so it finishes on this thread.
            Client.Dispose();
        }
        finally
        {
            lock (s_gate)
            {
                ApieClient.ReplaceCurrent(Client, _previous);
                if (ReferenceEquals(s_active, this))
                {
                    s_active = null;
                }
            }
        }
    }
}
