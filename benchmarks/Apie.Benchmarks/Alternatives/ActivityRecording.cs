using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Apie.Benchmarks.Workloads;

namespace Apie.Benchmarks.Alternatives;

/// <summary>
/// The OpenTelemetry way: each call is an <see cref="Activity"/> of an <see cref="ActivitySource"/>, and an
/// <see cref="ActivityListener"/> that samples every activity as <see cref="ActivitySamplingResult.AllDataAndRecorded"/>
/// writes each stopped activity into a <see cref="CallRecorder"/>. The listener listens to this source only, so
/// the activities of Apie's own source are not created.
/// </summary>
public sealed class ActivityRecording : IDisposable
{
    /// <summary>The name of the source the benchmarks start activities from.</summary>
    public const string SourceName = "Apie.Benchmarks.Alternatives";

    private static readonly ActivitySource s_source = new(SourceName);

    private readonly ActivityListener _listener;

    /// <summary>Registers a listener that records into <paramref name="recorder"/> until disposed.</summary>
    public ActivityRecording(CallRecorder recorder)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _ => recorder.CountStart(),
            ActivityStopped = activity => recorder.Write(activity.OperationName, activity.Duration, activity.Status == ActivityStatusCode.Error),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Calls the synchronous work inside an activity.</summary>
    public static int Handle(SyncWork work, int id)
    {
        using var activity = s_source.StartActivity("SyncWork.Handle");
        try
        {
            return work.Handle(id);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
    }

    /// <summary>Calls the work whose task has already completed inside an activity that ends with the task.</summary>
    public static async Task<int> HandleAsync(CompletedTaskWork work, int id)
    {
        using var activity = s_source.StartActivity("CompletedTaskWork.Handle");
        try
        {
            return await work.HandleAsync(id).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
    }

    /// <summary>Calls the yielding work inside an activity that ends with the task.</summary>
    public static async Task<int> HandleAsync(YieldingTaskWork work, int id)
    {
        using var activity = s_source.StartActivity("YieldingTaskWork.Handle");
        try
        {
            return await work.HandleAsync(id).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
    }

    /// <summary>Unregisters the listener.</summary>
    public void Dispose() => _listener.Dispose();
}
