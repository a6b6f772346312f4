using System;
using Apie.Benchmarks.Sink;

namespace Apie.Benchmarks.PerCall;

/// <summary>
/// The Apie client and the ambient session that the per-call benchmarks of one process measure inside.
/// </summary>
/// <remarks>
/// A wrapped call with no run or session around it is outermost: when it ends it wakes the sender, and an
/// asynchronous one also waits up to <c>CompletionFlushTimeout</c> for the queue to be sent. In a real agent a
/// call usually runs inside a session or an enclosing run, so the benchmarks measure that case.
/// <see cref="Start"/> opens a session and leaves it open. Apie keeps the ambient session in an <c>AsyncLocal</c>,
/// and a value that a synchronous method sets stays set for its caller. BenchmarkDotNet runs the global setup
/// and then every invocation on the same thread, so the session is ambient for all invocations.
/// <see cref="Stop"/> verifies this, because it fails when any measured run was created outside the session.
/// </remarks>
internal sealed class AmbientSessionHarness
{
    private ApieClient? _client;
    private ApieScope? _session;

    /// <summary>The in-process handler that responds to the client's requests.</summary>
    public CannedResponseHandler Handler { get; } = new();

    /// <summary>The client; <see cref="ApieClient.Current"/> from <see cref="Start"/> on.</summary>
    public ApieClient Client => _client ?? throw new InvalidOperationException("Call Start before using the client.");

    /// <summary>Creates the client and opens the session that stays ambient on the calling thread.</summary>
    public void Start()
    {
        _client = SinkClient.CreateReady(Handler);

        // ApieSessions.StartAsync does not make its session ambient, and WithSessionAsync ends the session with its
        // body, so this uses the generated code's entry point. The scope is left open on purpose.
        _session = ApieGenerated.StartSession(SessionKind.SingleAgent, "Apie.Benchmarks per-call session", null);
    }

    /// <summary>Waits until the background sender has sent everything queued so far.</summary>
    public void Drain() => Client.FlushAsync().GetAwaiter().GetResult();

    /// <summary>
    /// Completes the session, sends the rest, and checks that runs were recorded and that all of them were
    /// created inside the session. Throws <see cref="InvalidOperationException"/> otherwise.
    /// </summary>
    public void Stop()
    {
        if (_session is null)
        {
            throw new InvalidOperationException("Call Start before Stop.");
        }

        _session.Complete(null);
        _session.Exit();
        Drain();

        var standalone = Handler.StandaloneRunCreations;
        var inSession = Handler.SessionRunCreations;
        Client.ShutdownAsync().GetAwaiter().GetResult();

        if (standalone != 0)
        {
            throw new InvalidOperationException(
                $"{standalone} measured runs were created outside the ambient session, so they were outermost calls and these per-call numbers are invalid. The session opened in the global setup did not reach the benchmark invocations.");
        }

        if (inSession == 0)
        {
            throw new InvalidOperationException(
                "No run was created by the measured calls: the Apie interceptors or generated partial methods did not apply to this build.");
        }

        Console.WriteLine($"// Apie check: {inSession} runs created inside the ambient session, 0 outside it.");
    }
}
