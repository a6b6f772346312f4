using System;
using System.Threading.Tasks;
using Apie.Benchmarks.Workloads;
using AspectInjector.Broker;

namespace Apie.Benchmarks.Alternatives;

/// <summary>
/// An AspectInjector aspect, woven into the compiled assembly after the build, that records the start and the
/// completion of every call to a method marked <see cref="RecordedCallAttribute"/>. The around advice receives
/// the arguments as an object array and returns the result as an object, as AspectInjector 2.7.3 passes them.
/// </summary>
[Aspect(Scope.Global)]
public sealed class RecordingAspect
{
    /// <summary>Calls the woven method and records its start and completion in <see cref="CallRecorder.Shared"/>.</summary>
    [Advice(Kind.Around, Targets = Target.Method)]
    public object? Around(
        [Argument(Source.Name)] string name,
        [Argument(Source.Arguments)] object[] arguments,
        [Argument(Source.Target)] Func<object[], object> target)
    {
        var recorder = CallRecorder.Shared;
        var start = recorder.Start();
        object result;
        try
        {
            result = target(arguments);
        }
        catch (Exception)
        {
            recorder.Complete(name, start, failed: true);
            throw;
        }

        return TaskCompletionRecording.Complete(result, recorder, name, start);
    }
}

/// <summary>Marks a method that <see cref="RecordingAspect"/> wraps.</summary>
[AttributeUsage(AttributeTargets.Method)]
[Injection(typeof(RecordingAspect))]
public sealed class RecordedCallAttribute : Attribute
{
}

/// <summary>The three shapes with <see cref="RecordingAspect"/> woven into each; they call the same work methods.</summary>
public sealed class WovenWork
{
    private readonly SyncWork _sync = new();
    private readonly CompletedTaskWork _completed = new();
    private readonly YieldingTaskWork _yielding = new();

    /// <summary>The synchronous shape.</summary>
    [RecordedCall]
    public int Handle(int id) => _sync.Handle(id);

    /// <summary>The shape whose task has already completed when the method returns.</summary>
    [RecordedCall]
    public Task<int> HandleCompletedAsync(int id) => _completed.HandleAsync(id);

    /// <summary>The shape that yields once before it completes.</summary>
    [RecordedCall]
    public Task<int> HandleYieldingAsync(int id) => _yielding.HandleAsync(id);
}
