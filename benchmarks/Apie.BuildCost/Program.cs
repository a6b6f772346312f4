using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Apie.BuildCost;

/// <summary>
/// Measures what the Apie generator and analyzers add to a full build: writes a large consumer project outside the
/// repository, builds it several times with the compiler's analyzer report, and prints the medians as Markdown.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        BenchmarkOptions? options;
        try
        {
            options = BenchmarkOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        if (options is null)
        {
            return 0;
        }

        try
        {
            return Run(options);
        }
        catch (Exception e) when (e is FormatException or TimeoutException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"Benchmark failed: {e.Message}");
            return 1;
        }
    }

    private static int Run(BenchmarkOptions options)
    {
        var repositoryRoot = FindRepositoryRoot();
        if (IsInside(options.WorkDirectory, repositoryRoot))
        {
            Console.Error.WriteLine($"The work folder {options.WorkDirectory} is inside the repository {repositoryRoot}. Pass --work-dir with a folder outside it.");
            return 2;
        }

        var logs = Path.Combine(options.WorkDirectory, "logs");
        if (Directory.Exists(logs))
        {
            Directory.Delete(logs, recursive: true);
        }

        Directory.CreateDirectory(logs);

        PrintMachine(options.WorkDirectory, logs);
        Console.WriteLine($"Apie sources: {repositoryRoot}");
        if (options.GeneratorOnly)
        {
            PrintGeneratorTiming(options);
            return 0;
        }

        var project = ConsumerProject.Write(repositoryRoot, options.WorkDirectory, options.Methods, options.CallsPerMethod);
        Console.WriteLine(
            $"Project: {options.Methods:N0} attributed methods, {options.Methods * options.CallsPerMethod:N0} call sites, " +
            $"configuration {options.Configuration}, written to {project.Directory}");
        Console.WriteLine($"Build logs: {logs}");

        // One restore, then one build of the Apie source projects and the written project. That first build is
        // not counted: it also starts the compiler server and loads the analyzer assemblies.
        // The SDK uses its compiler server unless UseSharedCompilation is false. This machine's environment sets it
        // to false, so the property is passed on the command line, where it takes precedence.
        var server = $"-p:UseSharedCompilation={(options.CompilerServer ? "true" : "false")}";
        Console.WriteLine(options.CompilerServer
            ? "Compiler: the compiler server, started by the first build (-p:UseSharedCompilation=true)"
            : "Compiler: a new compiler process for each build (-p:UseSharedCompilation=false)");
        Prepare(project, options.Configuration, logs, server);

        // The compiler server compiles the generator and analyzers on first use and optimizes hot code over the
        // next builds, so a few more uncounted full builds let its times settle before the timed ones.
        for (var warmup = 1; warmup <= options.WarmupBuilds; warmup++)
        {
            var build = TimeFullBuild(project, options.Configuration, logs, BuildCase.Normal, -warmup, server);
            Console.WriteLine($"Warm-up build {warmup} (not counted): wall {ReportSeconds(build.Measurement.Wall)} s");
        }

        var cases = new List<BuildCase> { BuildCase.Normal, BuildCase.WithoutApie };
        if (options.WithoutApieAnalyzersCase)
        {
            cases.Add(BuildCase.WithoutApieAnalyzers);
        }

        if (options.WithoutAnalyzersCase)
        {
            cases.Add(BuildCase.WithoutAnalyzers);
        }

        // The cases alternate, so a change in the machine's load during the benchmark affects all of them alike.
        // The normal case comes first: its analyzer report gives the rule ids that the suppression config lists.
        var builds = new List<TimedBuild>();
        for (var run = 1; run <= options.Repetitions; run++)
        {
            foreach (var buildCase in cases)
            {
                var build = TimeFullBuild(project, options.Configuration, logs, buildCase, run, server);
                if (run == 1 && buildCase == BuildCase.Normal)
                {
                    project.WriteRuleSuppression(build.Measurement.ApieRuleIds);
                }

                builds.Add(build);
            }
        }

        if (options.CompilerServer)
        {
            // The server would otherwise hold the memory of the large project until its idle timeout.
            DotnetCommand.Run(["build-server", "shutdown", "--vbcscompiler"], project.Directory, Path.Combine(logs, "server-shutdown.log"));
        }

        PrintResults(cases, builds);
        PrintGeneratorTiming(options);
        return 0;
    }

    private static void PrintGeneratorTiming(BenchmarkOptions options)
    {
        Console.WriteLine();
        Console.WriteLine($"Timing the generator in this process, {Runs(options.Repetitions)} after one uncounted run ...");
        var result = GeneratorTiming.Measure(options.Methods, options.CallsPerMethod, options.Repetitions);
        Console.WriteLine();
        Console.WriteLine($"## ApieGenerator in the generator driver ({Runs(result.Repetitions)}, {result.GeneratedFiles:N0} generated files)");
        Console.WriteLine();
        Console.Write(GeneratorTiming.Table(result));
    }

    private static void Prepare(ConsumerProject project, string configuration, string logs, string server)
    {
        Console.WriteLine("Restoring ...");
        Check(DotnetCommand.Run(["restore", project.ProjectFile], project.Directory, Path.Combine(logs, "restore.log")), "restore");

        Console.WriteLine("Building the Apie projects and a first, uncounted build of the written project ...");
        var first = DotnetCommand.Run(
            ["build", project.ProjectFile, "-c", configuration, "--no-restore", "-nodeReuse:false", "-p:ReportAnalyzer=true", server],
            project.Directory,
            Path.Combine(logs, "first-build.log"));
        Check(first, "first build");
        Console.WriteLine($"First build: {ReportSeconds(first.Elapsed.TotalSeconds)} s (not counted)");
    }

    /// <summary>
    /// Deletes the written project's build output and builds it alone, without its project references. A
    /// <paramref name="run"/> below 1 is a warm-up build: its log is kept under its own name and nothing is printed.
    /// </summary>
    private static TimedBuild TimeFullBuild(ConsumerProject project, string configuration, string logs, BuildCase buildCase, int run, string server)
    {
        project.DeleteBuildOutput(configuration);
        var load = LoadAverage();

        string[] arguments =
        [
            "build", project.ProjectFile, "-c", configuration,
            "--no-restore", "--no-dependencies", "-m:1", "-nodeReuse:false",
            "-v:d", "-clp:PerformanceSummary", "-p:ReportAnalyzer=true", server,
            .. buildCase.Arguments,
        ];
        var logFile = Path.Combine(logs, run > 0 ? $"{buildCase.Name}-{run}.log" : $"warmup{-run}.log");
        var result = DotnetCommand.Run(arguments, project.Directory, logFile);
        Check(result, $"build '{buildCase.Name}' {run}");

        var measurement = BuildMeasurement.Parse(logFile, result.Elapsed.TotalSeconds, buildCase.ApieAnalyzersRun, buildCase.ApieGeneratorRuns);
        if (run < 1)
        {
            return new TimedBuild(buildCase.Name, run, load, measurement);
        }

        Console.WriteLine(
            $"Build '{buildCase.Name}' {run}: wall {ReportSeconds(measurement.Wall)} s, Csc {ReportSeconds(measurement.Csc)} s, " +
            $"Apie analyzers {ReportSeconds(measurement.ApieAnalyzersTotal)} s, ApieGenerator {ReportSeconds(measurement.ApieGenerator)} s");
        return new TimedBuild(buildCase.Name, run, load, measurement);
    }

    private static void PrintResults(List<BuildCase> cases, List<TimedBuild> builds)
    {
        var normal = builds.Where(build => build.Case == BuildCase.Normal.Name).ToList();
        var normalWall = ResultTable.Median(normal.Select(build => build.Measurement.Wall).ToList());

        foreach (var buildCase in cases)
        {
            var runs = builds.Where(build => build.Case == buildCase.Name).ToList();
            Console.WriteLine();
            Console.WriteLine($"## {buildCase.Title} ({Runs(runs.Count)})");
            Console.WriteLine();
            Console.Write(ResultTable.Summary(runs));
            Console.WriteLine();

            if (buildCase == BuildCase.Normal)
            {
                var share = ResultTable.ApieShare(normal);
                var verdict = share <= ResultTable.ApieTarget ? "within" : "over";
                Console.WriteLine(
                    $"The Apie generator and analyzers take {ResultTable.Percent(share)} of the full build's wall time " +
                    $"(median of the runs; the analyzers alone {ResultTable.Percent(ResultTable.ApieAnalyzerShare(normal))}), " +
                    $"{verdict} the target of {ResultTable.Percent(ResultTable.ApieTarget)} for both.");
            }
            else
            {
                var caseWall = ResultTable.Median(runs.Select(build => build.Measurement.Wall).ToList());
                var difference = normalWall - caseWall;
                Console.WriteLine(
                    $"Median wall time of '{BuildCase.Normal.Name}' minus '{buildCase.Name}': {ResultTable.Seconds(difference)} s " +
                    $"({ResultTable.Percent(difference / normalWall)} of '{BuildCase.Normal.Name}').");
                if (buildCase == BuildCase.WithoutApie)
                {
                    Console.WriteLine(
                        $"Apie adds {ResultTable.Percent(difference / caseWall)} to the wall time of the build without it, " +
                        "the compilation of the generated code included.");
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("## Each timed build");
        Console.WriteLine();
        Console.Write(ResultTable.Runs(builds));
    }

    private static void PrintMachine(string workDirectory, string logs)
    {
        var versionLog = Path.Combine(logs, "sdk-version.log");
        Check(DotnetCommand.Run(["--version"], workDirectory, versionLog), "dotnet --version");
        var sdk = File.ReadAllText(versionLog).Trim();
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);

        Console.WriteLine(
            $"Machine: {Environment.ProcessorCount} logical cores, {memory.ToString("F1", CultureInfo.InvariantCulture)} GiB memory, " +
            $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), .NET SDK {sdk}");
    }

    private static void Check(DotnetResult result, string step)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"The {step} failed with exit code {result.ExitCode}. See {result.LogFile}.");
        }
    }

    /// <summary>Returns the 1-minute load average on Linux, or null where /proc/loadavg does not exist.</summary>
    private static double? LoadAverage()
    {
        const string file = "/proc/loadavg";
        if (!File.Exists(file))
        {
            return null;
        }

        var first = File.ReadAllText(file).Split(' ')[0];
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>Finds the repository from the folder of this program's build output.</summary>
    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "src", "Apie.Runtime", "Apie.Runtime.csproj"))
                && File.Exists(Path.Combine(folder.FullName, "src", "Apie.Generators", "Apie.Generators.csproj")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder above {AppContext.BaseDirectory} contains src/Apie.Runtime and src/Apie.Generators. Run the benchmark from its place in the repository.");
    }

    /// <summary>Returns whether <paramref name="path"/> is <paramref name="folder"/> or lies inside it.</summary>
    private static bool IsInside(string path, string folder)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(folder), Path.GetFullPath(path));
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }

    private static string Runs(int count) => count == 1 ? "1 run" : $"{count} runs";

    private static string ReportSeconds(double seconds) => seconds.ToString("F1", CultureInfo.InvariantCulture);
}
