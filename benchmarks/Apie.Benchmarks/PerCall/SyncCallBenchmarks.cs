using Apie.Benchmarks.Alternatives;
using Apie.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace Apie.Benchmarks.PerCall;

/// <summary>The cost of one synchronous call that returns a value, bare and wrapped in each way.</summary>
[Config(typeof(PerCallConfig))]
[MemoryDiagnoser]
public class SyncCallBenchmarks : PerCallBenchmarkBase
{
    private readonly SyncWork _work = new();

    /// <summary>The work with nothing around it.</summary>
    [Benchmark(Baseline = true)]
    public int Bare() => _work.Handle(Id);

    /// <summary>An Apie run through the generated interceptor; the input summary is the method name.</summary>
    [Benchmark]
    public int ApieInterceptor() => _work.HandleRun(Id);

    /// <summary>An Apie run through the generated interceptor; the input summary is rendered from a template.</summary>
    [Benchmark]
    public int ApieInterceptorTemplate() => _work.HandleRunWithTemplate(Id);

    /// <summary>An Apie run through the generated partial method; the input summary is the method name.</summary>
    [Benchmark]
    public int ApiePartial() => _work.HandlePartialRun(Id);

    /// <summary>An Apie run through the generated partial method; the input summary is rendered from a template.</summary>
    [Benchmark]
    public int ApiePartialTemplate() => _work.HandlePartialRunWithTemplate(Id);

    /// <summary>An activity of an <see cref="System.Diagnostics.ActivitySource"/> that a listener records.</summary>
    [Benchmark]
    public int ActivitySourceListener() => ActivityRecording.Handle(_work, Id);

    /// <summary>A Castle DynamicProxy interface proxy whose interceptor records the call.</summary>
    [Benchmark]
    public int CastleProxy() => Proxy.Handle(Id);

    /// <summary>A method with an AspectInjector around advice woven in that records the call.</summary>
    [Benchmark]
    public int AspectInjectorAround() => Woven.Handle(Id);

    /// <summary>A Castle DynamicProxy interface proxy whose interceptor records the call as an Apie run, as the generated code does.</summary>
    [Benchmark]
    public int CastleProxyApie() => ApieProxy.Handle(Id);

    /// <summary>A method with an AspectInjector around advice woven in that records the call as an Apie run, as the generated code does.</summary>
    [Benchmark]
    public int AspectInjectorApie() => ApieWoven.Handle(Id);
}
