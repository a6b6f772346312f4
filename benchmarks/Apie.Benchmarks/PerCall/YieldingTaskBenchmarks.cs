using System.Threading.Tasks;
using Apie.Benchmarks.Alternatives;
using Apie.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace Apie.Benchmarks.PerCall;

/// <summary>
/// The cost of one call whose <see cref="Task{TResult}"/> yields once before it completes, bare and wrapped in each
/// way. BenchmarkDotNet blocks until each task completes, so the time includes the continuation's move to a
/// thread-pool thread and the wake-up of the blocked benchmark thread.
/// </summary>
[Config(typeof(PerCallConfig))]
[MemoryDiagnoser]
public class YieldingTaskBenchmarks : PerCallBenchmarkBase
{
    private readonly YieldingTaskWork _work = new();

    /// <summary>The work with nothing around it.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> Bare() => _work.HandleAsync(Id);

    /// <summary>An Apie run through the generated interceptor; the input summary is the method name.</summary>
    [Benchmark]
    public Task<int> ApieInterceptor() => _work.HandleRunAsync(Id);

    /// <summary>An Apie run through the generated interceptor; the input summary is rendered from a template.</summary>
    [Benchmark]
    public Task<int> ApieInterceptorTemplate() => _work.HandleRunWithTemplateAsync(Id);

    /// <summary>An Apie run through the generated partial method; the input summary is the method name.</summary>
    [Benchmark]
    public Task<int> ApiePartial() => _work.HandlePartialRunAsync(Id);

    /// <summary>An Apie run through the generated partial method; the input summary is rendered from a template.</summary>
    [Benchmark]
    public Task<int> ApiePartialTemplate() => _work.HandlePartialRunWithTemplateAsync(Id);

    /// <summary>An Apie run written by hand, as a user without the generator would write it.</summary>
    [Benchmark]
    public Task<int> ApieWithRunAsync()
    {
        var id = Id;
        return Client.WithRunAsync(() => _work.HandleAsync(id));
    }

    /// <summary>An activity of an <see cref="System.Diagnostics.ActivitySource"/> that a listener records.</summary>
    [Benchmark]
    public Task<int> ActivitySourceListener() => ActivityRecording.HandleAsync(_work, Id);

    /// <summary>A Castle DynamicProxy interface proxy whose interceptor records the call.</summary>
    [Benchmark]
    public Task<int> CastleProxy() => Proxy.HandleYieldingAsync(Id);

    /// <summary>A method with an AspectInjector around advice woven in that records the call.</summary>
    [Benchmark]
    public Task<int> AspectInjectorAround() => Woven.HandleYieldingAsync(Id);

    /// <summary>A Castle DynamicProxy interface proxy whose interceptor records the call as an Apie run, as the generated code does.</summary>
    [Benchmark]
    public Task<int> CastleProxyApie() => ApieProxy.HandleYieldingAsync(Id);

    /// <summary>A method with an AspectInjector around advice woven in that records the call as an Apie run, as the generated code does.</summary>
    [Benchmark]
    public Task<int> AspectInjectorApie() => ApieWoven.HandleYieldingAsync(Id);
}
