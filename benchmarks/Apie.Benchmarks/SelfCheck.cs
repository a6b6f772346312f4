using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Apie.Benchmarks.Alternatives;
using Apie.Benchmarks.Sink;
using Apie.Benchmarks.Workloads;

namespace Apie.Benchmarks;

/// <summary>
/// Checks, before any benchmark runs, that every measured way of wrapping a call really wraps it in this build.
/// The Apie interceptors and partial methods, and the proxy and the aspect that call Apie's runtime, must create
/// runs, and a session opened by a synchronous method must stay ambient for its caller. The proxy, the woven aspect and the activity listener must record calls.
/// </summary>
internal static class SelfCheck
{
    /// <summary>Runs every check and prints one line for each; returns false after printing the failed ones to standard error.</summary>
    public static bool Run()
    {
        var failures = new List<string>();
        CheckApie(failures);
        CheckAlternatives(failures);
        if (failures.Count > 0)
        {
            Console.Error.WriteLine("The self-check failed, so the benchmarks would not measure what they claim:\n  " + string.Join("\n  ", failures));
            return false;
        }

        Console.WriteLine("// Self-check passed.");
        return true;
    }

    private static void CheckApie(List<string> failures)
    {
        var handler = new CannedResponseHandler();
        var client = SinkClient.CreateReady(handler);
        try
        {
            // Outside any session each wrapped call creates a run of its own with POST /v1/runs.
            var standalone = CallEveryWrappedMethodAsync().GetAwaiter().GetResult();
            client.FlushAsync().GetAwaiter().GetResult();
            Expect(failures, "Apie runs created by wrapped calls outside a session", handler.StandaloneRunCreations, standalone);

            // The per-call benchmarks open their session in a synchronous global setup and call from the same thread.
            var session = OpenSessionWithoutExit();
            var inSession = CallEveryWrappedMethodAsync().GetAwaiter().GetResult();
            session.Complete(null);
            session.Exit();
            client.FlushAsync().GetAwaiter().GetResult();
            Expect(failures, "Apie runs created inside a session left open by a synchronous method", handler.SessionRunCreations, inSession);
        }
        finally
        {
            client.ShutdownAsync().GetAwaiter().GetResult();
        }
    }

    private static ApieScope OpenSessionWithoutExit()
        => ApieGenerated.StartSession(SessionKind.SingleAgent, "Apie.Benchmarks self-check", null);

    /// <summary>Calls each method that Apie wraps once, from this source file's call sites; returns the number of calls.</summary>
    private static async Task<int> CallEveryWrappedMethodAsync()
    {
        var sync = new SyncWork();
        var completed = new CompletedTaskWork();
        var yielding = new YieldingTaskWork();

        sync.HandleRun(1);
        sync.HandleRunWithTemplate(2);
        sync.HandlePartialRun(3);
        sync.HandlePartialRunWithTemplate(4);
        await completed.HandleRunAsync(5).ConfigureAwait(false);
        await completed.HandleRunWithTemplateAsync(6).ConfigureAwait(false);
        await completed.HandlePartialRunAsync(7).ConfigureAwait(false);
        await completed.HandlePartialRunWithTemplateAsync(8).ConfigureAwait(false);
        await yielding.HandleRunAsync(9).ConfigureAwait(false);
        await yielding.HandleRunWithTemplateAsync(10).ConfigureAwait(false);
        await yielding.HandlePartialRunAsync(11).ConfigureAwait(false);
        await yielding.HandlePartialRunWithTemplateAsync(12).ConfigureAwait(false);
        await ApieClient.Current.WithRunAsync(() => completed.HandleAsync(13)).ConfigureAwait(false);

        // The alternatives that record Apie runs through Apie's runtime.
        var proxy = ApieRunInterceptor.CreateProxy();
        proxy.Handle(14);
        await proxy.HandleCompletedAsync(15).ConfigureAwait(false);
        var woven = new ApieWovenWork();
        woven.Handle(16);
        await woven.HandleCompletedAsync(17).ConfigureAwait(false);
        await proxy.HandleYieldingAsync(18).ConfigureAwait(false);
        await woven.HandleYieldingAsync(19).ConfigureAwait(false);
        return 19;
    }

    private static void CheckAlternatives(List<string> failures)
    {
        var recorder = CallRecorder.Shared;

        var before = recorder.Completed;
        var woven = new WovenWork();
        woven.Handle(1);
        woven.HandleCompletedAsync(2).GetAwaiter().GetResult();
        woven.HandleYieldingAsync(3).GetAwaiter().GetResult();
        Expect(failures, "calls recorded by the woven AspectInjector aspect", recorder.Completed - before, 3);

        before = recorder.Completed;
        var proxy = RecordingInterceptor.CreateProxy(recorder);
        proxy.Handle(1);
        proxy.HandleCompletedAsync(2).GetAwaiter().GetResult();
        proxy.HandleYieldingAsync(3).GetAwaiter().GetResult();
        Expect(failures, "calls recorded by the Castle DynamicProxy interceptor", recorder.Completed - before, 3);

        before = recorder.Completed;
        using (new ActivityRecording(recorder))
        {
            ActivityRecording.Handle(new SyncWork(), 1);
            ActivityRecording.HandleAsync(new CompletedTaskWork(), 2).GetAwaiter().GetResult();
            ActivityRecording.HandleAsync(new YieldingTaskWork(), 3).GetAwaiter().GetResult();
        }

        Expect(failures, "activities recorded by the activity listener", recorder.Completed - before, 3);
    }

    private static void Expect(List<string> failures, string counted, long actual, long expected)
    {
        if (actual == expected)
        {
            Console.WriteLine($"// Self-check: {actual} {counted}.");
            return;
        }

        failures.Add($"expected {expected} {counted}, but counted {actual}.");
    }
}
