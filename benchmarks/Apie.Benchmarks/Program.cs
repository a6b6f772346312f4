using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Apie.Benchmarks;

/// <summary>
/// Runs the benchmarks that BenchmarkDotNet's command line selects, after a self-check that every measured
/// wrapper applies in this build.
/// </summary>
/// <remarks>
/// <c>--quick</c> selects the short mode: BenchmarkDotNet's short run for the per-call benchmarks and three
/// iterations for the throughput benchmarks, every benchmark unless <c>--filter</c> is given. It proves that
/// everything builds and runs, and its numbers are rough. The exit code is 1 when the self-check or any
/// benchmark failed.
/// </remarks>
public static class Program
{
    private const string QuickOption = "--quick";

    public static int Main(string[] args)
    {
        var arguments = args.ToList();
        if (arguments.Remove(QuickOption))
        {
            BenchmarkMode.Quick = true;
            if (!arguments.Any(IsFilterOption))
            {
                arguments.AddRange(["--filter", "*"]);
            }
        }

        if (!SelfCheck.Run())
        {
            return 1;
        }

        CallerAllocations.Print();

        // Under the build output, which the repository ignores, instead of the working directory.
        var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. arguments], config).ToList();

        var failed = summaries.Where(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)).ToList();
        foreach (var summary in failed)
        {
            Console.Error.WriteLine($"Benchmarks of {summary.Title} failed; see {summary.LogFilePath}.");
        }

        return failed.Count == 0 ? 0 : 1;
    }

    private static bool IsFilterOption(string argument)
        => argument is "--filter" or "-f" || argument.StartsWith("--filter=", StringComparison.Ordinal);
}
