using System;
using System.Threading.Tasks;
using Apie.Benchmarks.Sink;
using Apie.Benchmarks.Workloads;

namespace Apie.Benchmarks;

/// <summary>
/// Measures what one call allocates on the calling thread, for the shapes that complete there. BenchmarkDotNet's
/// allocated column counts every thread, so for the Apie rows it also contains part of the background sender's
/// allocations. These numbers leave the sender out.
/// </summary>
internal static class CallerAllocations
{
    // The per-call benchmarks pass the same value; a task of its result is not one that the runtime caches.
    private const int Id = 42;
    private const int WarmupCalls = 100;
    private const int MeasuredCalls = 1000;

    /// <summary>Prints the bytes allocated per call on the calling thread, for each Apie row and its bare call.</summary>
    public static void Print()
    {
        var client = SinkClient.CreateReady(new CannedResponseHandler());
        var session = ApieGenerated.StartSession(SessionKind.SingleAgent, "Apie.Benchmarks caller allocations", null);
        try
        {
            var sync = new SyncWork();
            Print("SyncCall", "Bare", () => sync.Handle(Id));
            Print("SyncCall", "ApieInterceptor", () => sync.HandleRun(Id));
            Print("SyncCall", "ApieInterceptorTemplate", () => sync.HandleRunWithTemplate(Id));
            Print("SyncCall", "ApiePartial", () => sync.HandlePartialRun(Id));
            Print("SyncCall", "ApiePartialTemplate", () => sync.HandlePartialRunWithTemplate(Id));
            var proxy = Alternatives.ApieRunInterceptor.CreateProxy();
            var woven = new Alternatives.ApieWovenWork();
            Print("SyncCall", "CastleProxyApie", () => proxy.Handle(Id));
            Print("SyncCall", "AspectInjectorApie", () => woven.Handle(Id));

            var completed = new CompletedTaskWork();
            Print("CompletedTask", "Bare", () => completed.HandleAsync(Id));
            Print("CompletedTask", "ApieInterceptor", () => completed.HandleRunAsync(Id));
            Print("CompletedTask", "ApieInterceptorTemplate", () => completed.HandleRunWithTemplateAsync(Id));
            Print("CompletedTask", "ApiePartial", () => completed.HandlePartialRunAsync(Id));
            Print("CompletedTask", "ApiePartialTemplate", () => completed.HandlePartialRunWithTemplateAsync(Id));
            Print("CompletedTask", "ApieWithRunAsync", () => WithRunAsync(client, completed, Id));
            Print("CompletedTask", "CastleProxyApie", () => proxy.HandleCompletedAsync(Id));
            Print("CompletedTask", "AspectInjectorApie", () => woven.HandleCompletedAsync(Id));
        }
        finally
        {
            session.Complete(null);
            session.Exit();
            client.ShutdownAsync().GetAwaiter().GetResult();
        }
    }

    // Captures the argument in a closure on every call, as CompletedTaskBenchmarks.ApieWithRunAsync does.
    private static Task<int> WithRunAsync(ApieClient client, CompletedTaskWork work, int id)
        => client.WithRunAsync(() => work.HandleAsync(id));

    private static void Print<T>(string shape, string row, Func<T> call)
    {
        for (var index = 0; index < WarmupCalls; index++)
        {
            Complete(call());
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var index = 0; index < MeasuredCalls; index++)
        {
            Complete(call());
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / MeasuredCalls;
        Console.WriteLine($"// Caller-thread allocation: {shape}.{row}: {perCall} B per call.");
    }

    private static void Complete<T>(T result)
    {
        if (result is Task { IsCompletedSuccessfully: false } task)
        {
            throw new InvalidOperationException($"A call of the completed-task shape returned a task in state {task.Status}.");
        }
    }
}
