using System;
using Apie.Benchmarks.Alternatives;
using BenchmarkDotNet.Attributes;

namespace Apie.Benchmarks.PerCall;

/// <summary>
/// The setup and the checks that the per-call benchmarks of every shape share. Each benchmark method runs in a
/// process of its own, and only the setup that its targets list runs there.
/// </summary>
public abstract class PerCallBenchmarkBase
{
    /// <summary>The names of the benchmark methods that the setup and cleanup methods target.</summary>
    protected static class Rows
    {
        public const string ApieInterceptor = "ApieInterceptor";
        public const string ApieInterceptorTemplate = "ApieInterceptorTemplate";
        public const string ApiePartial = "ApiePartial";
        public const string ApiePartialTemplate = "ApiePartialTemplate";
        public const string ApieWithRunAsync = "ApieWithRunAsync";
        public const string ActivitySourceListener = "ActivitySourceListener";
        public const string CastleProxy = "CastleProxy";
        public const string AspectInjectorAround = "AspectInjectorAround";
        public const string CastleProxyApie = "CastleProxyApie";
        public const string AspectInjectorApie = "AspectInjectorApie";
    }

    private readonly AmbientSessionHarness _apie = new();
    private ActivityRecording? _activities;
    private long _recordedBefore;

    /// <summary>The argument of every measured call. A settable property, so the JIT cannot fold it into a constant.</summary>
    protected int Id { get; set; } = 42;

    /// <summary>The Castle DynamicProxy proxy, created for <see cref="Rows.CastleProxy"/>; the unwrapped target before that.</summary>
    protected IProxiedWork Proxy { get; private set; } = new ProxiedWork();

    /// <summary>The methods with the AspectInjector aspect woven in.</summary>
    protected WovenWork Woven { get; } = new();

    /// <summary>A Castle DynamicProxy proxy whose interceptor records each call as an Apie run.</summary>
    protected IProxiedWork ApieProxy { get; } = ApieRunInterceptor.CreateProxy();

    /// <summary>The methods with the aspect woven in that records each call as an Apie run.</summary>
    protected ApieWovenWork ApieWoven { get; } = new();

    /// <summary>The client that the hand-written wrapper uses.</summary>
    protected ApieClient Client => _apie.Client;

    /// <summary>Creates the Apie client and opens the ambient session that the measured runs belong to.</summary>
    [GlobalSetup(Targets = [Rows.ApieInterceptor, Rows.ApieInterceptorTemplate, Rows.ApiePartial, Rows.ApiePartialTemplate, Rows.ApieWithRunAsync, Rows.CastleProxyApie, Rows.AspectInjectorApie])]
    public void StartApie() => _apie.Start();

    /// <summary>Waits until the sender has sent what the iteration queued; not measured.</summary>
    [IterationCleanup(Targets = [Rows.ApieInterceptor, Rows.ApieInterceptorTemplate, Rows.ApiePartial, Rows.ApiePartialTemplate, Rows.ApieWithRunAsync, Rows.CastleProxyApie, Rows.AspectInjectorApie])]
    public void DrainApie() => _apie.Drain();

    /// <summary>Checks that the measured runs were recorded inside the ambient session, and stops the client.</summary>
    [GlobalCleanup(Targets = [Rows.ApieInterceptor, Rows.ApieInterceptorTemplate, Rows.ApiePartial, Rows.ApiePartialTemplate, Rows.ApieWithRunAsync, Rows.CastleProxyApie, Rows.AspectInjectorApie])]
    public void StopApie() => _apie.Stop();

    /// <summary>Registers the activity listener.</summary>
    [GlobalSetup(Target = Rows.ActivitySourceListener)]
    public void StartActivities()
    {
        _activities = new ActivityRecording(CallRecorder.Shared);
        _recordedBefore = CallRecorder.Shared.Completed;
    }

    /// <summary>Checks that the listener recorded the activities, and unregisters it.</summary>
    [GlobalCleanup(Target = Rows.ActivitySourceListener)]
    public void StopActivities()
    {
        _activities?.Dispose();
        CheckRecorded("the activity listener");
    }

    /// <summary>Creates the Castle DynamicProxy proxy.</summary>
    [GlobalSetup(Target = Rows.CastleProxy)]
    public void CreateProxy()
    {
        Proxy = RecordingInterceptor.CreateProxy(CallRecorder.Shared);
        _recordedBefore = CallRecorder.Shared.Completed;
    }

    /// <summary>Notes the recorder's count before the woven aspect runs.</summary>
    [GlobalSetup(Target = Rows.AspectInjectorAround)]
    public void StartAspect() => _recordedBefore = CallRecorder.Shared.Completed;

    /// <summary>Checks that the proxy or the woven aspect recorded the calls.</summary>
    [GlobalCleanup(Targets = [Rows.CastleProxy, Rows.AspectInjectorAround])]
    public void StopRecorder() => CheckRecorded("the proxy or the aspect");

    private void CheckRecorded(string wrapper)
    {
        var recorded = CallRecorder.Shared.Completed - _recordedBefore;
        if (recorded == 0)
        {
            throw new InvalidOperationException($"No call was recorded by {wrapper}: the measured calls were not wrapped.");
        }

        Console.WriteLine($"// Recorder check: {recorded} calls recorded by {wrapper}.");
    }
}
