using System;
using System.Threading.Tasks;
using Apie.Benchmarks.Workloads;
using Castle.DynamicProxy;

namespace Apie.Benchmarks.Alternatives;

/// <summary>The three shapes behind an interface, so that Castle DynamicProxy can wrap them.</summary>
public interface IProxiedWork
{
    /// <summary>The synchronous shape.</summary>
    int Handle(int id);

    /// <summary>The shape whose task has already completed when the method returns.</summary>
    Task<int> HandleCompletedAsync(int id);

    /// <summary>The shape that yields once before it completes.</summary>
    Task<int> HandleYieldingAsync(int id);
}

/// <summary>The proxy's target: calls the same work methods as the other benchmarks.</summary>
public sealed class ProxiedWork : IProxiedWork
{
    private readonly SyncWork _sync = new();
    private readonly CompletedTaskWork _completed = new();
    private readonly YieldingTaskWork _yielding = new();

    /// <inheritdoc />
    public int Handle(int id) => _sync.Handle(id);

    /// <inheritdoc />
    public Task<int> HandleCompletedAsync(int id) => _completed.HandleAsync(id);

    /// <inheritdoc />
    public Task<int> HandleYieldingAsync(int id) => _yielding.HandleAsync(id);
}

/// <summary>
/// A Castle DynamicProxy interceptor that records the start and the completion of every call in a
/// <see cref="CallRecorder"/>; for a task, the completion is recorded when the task completes.
/// </summary>
public sealed class RecordingInterceptor : IInterceptor
{
    private readonly CallRecorder _recorder;

    /// <summary>Creates an interceptor that records into <paramref name="recorder"/>.</summary>
    public RecordingInterceptor(CallRecorder recorder)
    {
        _recorder = recorder;
    }

    /// <summary>Creates a proxy of <see cref="ProxiedWork"/> whose every call passes this interceptor.</summary>
    public static IProxiedWork CreateProxy(CallRecorder recorder)
        => new ProxyGenerator().CreateInterfaceProxyWithTarget<IProxiedWork>(new ProxiedWork(), new RecordingInterceptor(recorder));

    /// <inheritdoc />
    public void Intercept(IInvocation invocation)
    {
        var name = invocation.Method.Name;
        var start = _recorder.Start();
        try
        {
            invocation.Proceed();
        }
        catch (Exception)
        {
            _recorder.Complete(name, start, failed: true);
            throw;
        }

        invocation.ReturnValue = TaskCompletionRecording.Complete(invocation.ReturnValue, _recorder, name, start);
    }
}
