using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Apie.Benchmarks.Throughput;

/// <summary>
/// The job of the throughput benchmarks: one invocation of 400 runs per iteration, few iterations, and an
/// operations-per-second column that reads as runs per second.
/// </summary>
public sealed class ThroughputConfig : ManualConfig
{
    /// <summary>Adds the monitoring job, shorter for <c>--quick</c>, and the operations-per-second column.</summary>
    public ThroughputConfig()
    {
        var job = Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithInvocationCount(1)
            .WithUnrollFactor(1);
        AddJob(BenchmarkMode.Quick
            ? job.WithWarmupCount(1).WithIterationCount(3).WithId("Quick")
            : job.WithWarmupCount(2).WithIterationCount(10).WithId("Throughput"));
        AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
