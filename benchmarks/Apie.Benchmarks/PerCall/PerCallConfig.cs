using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Apie.Benchmarks.PerCall;

/// <summary>
/// The job of the per-call benchmarks: BenchmarkDotNet's default job, or its short run for <c>--quick</c>, with a
/// fixed number of invocations per iteration.
/// </summary>
/// <remarks>
/// Each Apie call queues a run creation and a completion, and the background sender sends them more slowly than
/// a tight loop produces them. An iteration cleanup therefore waits until the queue is empty, so every iteration
/// starts from the same state. The count is small because the queued records survive garbage collections while
/// they wait, which makes every collection slower. On a 2-core machine, each call in a loop of 32,768 calls took
/// about twice as long as in loops of 4,096. Calls spaced apart, as real ones are, do not build such a backlog. BenchmarkDotNet would run one invocation per iteration for a benchmark with an iteration cleanup
/// unless the count is set, which is too coarse for calls this short. The count is the same for every method of
/// a class, so the bare call's iterations are short and BenchmarkDotNet warns about their minimum iteration time.
/// </remarks>
public sealed class PerCallConfig : ManualConfig
{
    /// <summary>Invocations per iteration, a multiple of the unroll factor of 16.</summary>
    public const int InvocationsPerIteration = 4096;

    /// <summary>Adds the default or the short job with the fixed invocation count.</summary>
    public PerCallConfig()
    {
        var job = BenchmarkMode.Quick ? Job.ShortRun.WithId("Quick") : Job.Default.WithId("PerCall");
        AddJob(job.WithInvocationCount(InvocationsPerIteration).WithUnrollFactor(16));
    }
}
