using System;
using System.Threading.Tasks;
using Apie.Benchmarks.Workloads;
using AspectInjector.Broker;
using Castle.DynamicProxy;

namespace Apie.Benchmarks.Alternatives;

/// <summary>
/// Records an Apie run around a call the way the generated code does: start the run, call, then complete it,
/// or record the failure, and restore the caller's context. The Castle interceptor and the AspectInjector aspect
/// below call it, so their rows do the same work as the generated wrapper and differ only in how they reach it.
/// </summary>
internal static class ApieRunAround
{
    /// <summary>Runs <paramref name="call"/> as an Apie run named <paramref name="name"/>; a task completes the run when it completes.</summary>
    public static object? Record<TState>(string name, TState state, Func<TState, object?> call)
    {
        var scope = ApieGenerated.StartRun(name, null, null, null, -1, null);
        try
        {
            var result = call(state);
            if (result is Task<int> task)
            {
                return scope.CompleteWhen(task, null);
            }

            scope.Complete(null);
            return result;
        }
        catch (Exception exception) when (scope.Fail(exception))
        {
            throw;
        }
        finally
        {
            scope.Exit();
        }
    }
}

/// <summary>A Castle DynamicProxy interceptor that records every call as an Apie run.</summary>
public sealed class ApieRunInterceptor : IInterceptor
{
    /// <summary>Creates a proxy of <see cref="ProxiedWork"/> whose every call is recorded as an Apie run.</summary>
    public static IProxiedWork CreateProxy()
        => new ProxyGenerator().CreateInterfaceProxyWithTarget<IProxiedWork>(new ProxiedWork(), new ApieRunInterceptor());

    /// <inheritdoc />
    public void Intercept(IInvocation invocation)
        => invocation.ReturnValue = ApieRunAround.Record(
            invocation.Method.Name,
            invocation,
            static proceeding =>
            {
                proceeding.Proceed();
                return proceeding.ReturnValue;
            });
}

/// <summary>An AspectInjector aspect that records every call to a method marked <see cref="ApieRunCallAttribute"/> as an Apie run.</summary>
[Aspect(Scope.Global)]
public sealed class ApieRunAspect
{
    /// <summary>Calls the woven method inside an Apie run.</summary>
    [Advice(Kind.Around, Targets = Target.Method)]
    public object? Around(
        [Argument(Source.Name)] string name,
        [Argument(Source.Arguments)] object[] arguments,
        [Argument(Source.Target)] Func<object[], object> target)
        => ApieRunAround.Record(name, (target, arguments), static pair => pair.target(pair.arguments));
}

/// <summary>Marks a method that <see cref="ApieRunAspect"/> wraps.</summary>
[AttributeUsage(AttributeTargets.Method)]
[Injection(typeof(ApieRunAspect))]
public sealed class ApieRunCallAttribute : Attribute
{
}

/// <summary>The three shapes with <see cref="ApieRunAspect"/> woven in; they call the same work methods.</summary>
public sealed class ApieWovenWork
{
    private readonly SyncWork _sync = new();
    private readonly CompletedTaskWork _completed = new();
    private readonly YieldingTaskWork _yielding = new();

    /// <summary>The synchronous shape.</summary>
    [ApieRunCall]
    public int Handle(int id) => _sync.Handle(id);

    /// <summary>The shape whose task has already completed when the method returns.</summary>
    [ApieRunCall]
    public Task<int> HandleCompletedAsync(int id) => _completed.HandleAsync(id);

    /// <summary>The shape that yields once before it completes.</summary>
    [ApieRunCall]
    public Task<int> HandleYieldingAsync(int id) => _yielding.HandleAsync(id);
}
