using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Apie.BuildCost;

/// <summary>Command-line options of the build-cost benchmark.</summary>
internal sealed record BenchmarkOptions(
    int Methods,
    int CallsPerMethod,
    int Repetitions,
    string Configuration,
    string WorkDirectory,
    bool WithoutApieAnalyzersCase,
    bool WithoutAnalyzersCase,
    bool GeneratorOnly,
    bool CompilerServer,
    int WarmupBuilds)
{
    public const string Usage = """
        Usage: dotnet run --project benchmarks/Apie.BuildCost -c Release -- [options]

        Writes a project of attributed methods and call sites outside the repository, builds the Apie source
        projects once, then runs full builds of the written project with -p:ReportAnalyzer=true, with Apie and
        without it (the same sources as plain C#), and prints Markdown tables of median times. Then times the generator alone in this process with the compiler's
        generator driver, on a new compilation and after two kinds of edit.

        Options:
          --methods N             attributed methods in the written project (default 2000)
          --calls N               calls of each method (default 5)
          --repetitions N         timed full builds of each case (default 3)
          --quick                 smoke check with 400 methods, 1 repetition and no warm-up build, unless
                                  --methods, --repetitions or --warmup is given
          --configuration NAME    build configuration of the written project (default Release)
          --work-dir PATH         folder for the written project and the build logs, outside the repository
                                  (default: apie-buildcost under the system temp folder)
          --without-apie-analyzers
                                  also time builds that set every Apie rule to severity none in a global
                                  analyzer config, so the compiler skips the Apie analyzers and still runs
                                  the generator and the SDK's analyzers
          --without-analyzers     also time builds with -p:RunAnalyzers=false, which passes /skipanalyzers to
                                  the compiler: every analyzer is skipped and every generator still runs
          --no-compiler-server    build with -p:UseSharedCompilation=false: each build starts a new compiler
                                  process, which loads and compiles the generator and analyzers again. By
                                  default the builds pass -p:UseSharedCompilation=true, the SDK's default,
                                  so they use the compiler server that the first build started
          --warmup N              uncounted full builds after the first one (default 2 with the compiler
                                  server, 0 without it)
          --generator-only        skip the builds and time only the generator in this process: a full run, a
                                  run after an unrelated edit and a run after an edit of an attributed method
          --help                  print this text
        """;

    /// <summary>
    /// Parses the arguments. Returns null after printing the usage for --help, and throws
    /// <see cref="ArgumentException"/> for an invalid argument.
    /// </summary>
    public static BenchmarkOptions? Parse(IReadOnlyList<string> args)
    {
        int? methods = null;
        int? calls = null;
        int? repetitions = null;
        var quick = false;
        var configuration = "Release";
        var workDirectory = Path.Combine(Path.GetTempPath(), "apie-buildcost");
        var withoutApieAnalyzers = false;
        var withoutAnalyzers = false;
        var generatorOnly = false;
        var compilerServer = true;
        int? warmup = null;

        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--methods":
                    methods = PositiveInteger(args, ++i, "--methods");
                    break;
                case "--calls":
                    calls = PositiveInteger(args, ++i, "--calls");
                    break;
                case "--repetitions":
                    repetitions = PositiveInteger(args, ++i, "--repetitions");
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--configuration":
                    configuration = Value(args, ++i, "--configuration");
                    break;
                case "--work-dir":
                    workDirectory = Path.GetFullPath(Value(args, ++i, "--work-dir"));
                    break;
                case "--without-apie-analyzers":
                    withoutApieAnalyzers = true;
                    break;
                case "--without-analyzers":
                    withoutAnalyzers = true;
                    break;
                case "--warmup":
                    warmup = NonNegativeInteger(args, ++i, "--warmup");
                    break;
                case "--no-compiler-server":
                    compilerServer = false;
                    break;
                case "--generator-only":
                    generatorOnly = true;
                    break;
                case "--help":
                case "-h":
                    Console.WriteLine(Usage);
                    return null;
                default:
                    throw new ArgumentException($"Invalid option '{args[i]}'. Run with --help for the list of options.");
            }
        }

        return new BenchmarkOptions(
            methods ?? (quick ? 400 : 2000),
            calls ?? 5,
            repetitions ?? (quick ? 1 : 3),
            configuration,
            workDirectory,
            withoutApieAnalyzers,
            withoutAnalyzers,
            generatorOnly,
            compilerServer,
            warmup ?? (compilerServer && !quick ? 2 : 0));
    }

    private static string Value(IReadOnlyList<string> args, int index, string option)
    {
        if (index >= args.Count || args[index].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"The value of option {option} is missing.");
        }

        return args[index];
    }

    private static int PositiveInteger(IReadOnlyList<string> args, int index, string option)
        => WholeNumber(args, index, option, minimum: 1, "a positive whole number");

    private static int NonNegativeInteger(IReadOnlyList<string> args, int index, string option)
        => WholeNumber(args, index, option, minimum: 0, "a whole number of 0 or more");

    private static int WholeNumber(IReadOnlyList<string> args, int index, string option, int minimum, string expected)
    {
        var text = Value(args, index, option);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            throw new ArgumentException($"Invalid value '{text}' for option {option}: expected {expected}.");
        }

        return value;
    }
}
