using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Apie.BuildCost;

/// <summary>
/// Times of one full build, read from a log written with <c>-v:d -clp:PerformanceSummary -p:ReportAnalyzer=true</c>.
/// All values are in seconds.
/// </summary>
/// <param name="Wall">Wall time of the whole <c>dotnet build</c> process.</param>
/// <param name="Csc">Time of the Csc task from MSBuild's task performance summary.</param>
/// <param name="AllAnalyzers">The compiler's "Total analyzer execution time", for every analyzer of the build.</param>
/// <param name="ApieAnalyzers">Execution time of each analyzer type of the Apie.Generators assembly, by full type name.</param>
/// <param name="AllGenerators">The compiler's "Total generator execution time", for every generator of the build.</param>
/// <param name="ApieGenerator">Execution time of the generators of the Apie.Generators assembly.</param>
/// <param name="ApieRuleIds">Diagnostic ids of the Apie analyzers that ran, as the analyzer report lists them.</param>
internal sealed record BuildMeasurement(
    double Wall,
    double Csc,
    double AllAnalyzers,
    IReadOnlyDictionary<string, double> ApieAnalyzers,
    double AllGenerators,
    double ApieGenerator,
    IReadOnlyList<string> ApieRuleIds)
{
    /// <summary>Name of the assembly that contains the Apie generator and analyzers.</summary>
    public const string ApieAssembly = "Apie.Generators";

    /// <summary>Sum of the execution times of the Apie analyzers.</summary>
    public double ApieAnalyzersTotal => ApieAnalyzers.Values.Sum();

    private static readonly Regex s_cscTask = new(@"^\s*(\d+) ms\s+Csc\s+(\d+) calls\s*$", RegexOptions.CultureInvariant);

    private static readonly Regex s_total = new(
        @"^\s*Total (analyzer|generator) execution time: ([\d.]+) seconds\.\s*$", RegexOptions.CultureInvariant);

    // A row of the compiler's analyzer or generator table: time, percentage, then an assembly name (which has
    // ", Version=") or, indented under it, a type name followed by its diagnostic ids in brackets.
    private static readonly Regex s_tableRow = new(@"^\s*(<?[\d.]+)\s+(<?\d+)\s+(\S.*?)\s*$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Reads the times of one build from its log. Throws <see cref="FormatException"/> when the log lacks the Csc
    /// task's time, the compiler's reports or, when <paramref name="apieGeneratorRuns"/> is true, the Apie generator.
    /// Also throws when the report lists the Apie generator or analyzers although <paramref name="apieGeneratorRuns"/>
    /// is false, gives an Apie analyzer a time of 0.001 s or more although <paramref name="apieAnalyzersRun"/> is
    /// false, or lists none although it is true.
    /// </summary>
    public static BuildMeasurement Parse(string logFile, double wallSeconds, bool apieAnalyzersRun, bool apieGeneratorRuns = true)
    {
        double? csc = null;
        double? allAnalyzers = null;
        double? allGenerators = null;
        var apieAnalyzers = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var apieRuleIds = new SortedSet<string>(StringComparer.Ordinal);
        var apieGenerator = 0.0;
        var apieGeneratorFound = false;

        string? table = null;
        string? assembly = null;
        foreach (var line in File.ReadLines(logFile))
        {
            var task = s_cscTask.Match(line);
            if (task.Success)
            {
                if (csc is not null || task.Groups[2].Value != "1")
                {
                    throw new FormatException($"{logFile}: expected one call of the Csc task, for the written project alone, but found '{line.Trim()}'.");
                }

                csc = Number(task.Groups[1].Value, logFile) / 1000;
                continue;
            }

            var total = s_total.Match(line);
            if (total.Success)
            {
                table = total.Groups[1].Value;
                assembly = null;
                var seconds = Number(total.Groups[2].Value, logFile);
                if (table == "analyzer")
                {
                    allAnalyzers = seconds;
                }
                else
                {
                    allGenerators = seconds;
                }

                continue;
            }

            var row = table is null ? Match.Empty : s_tableRow.Match(line);
            if (!row.Success)
            {
                // The generator table is the last part of the Csc task's output, so later rows belong to other tasks.
                if (table == "generator" && line.Contains("Done executing task \"Csc\"", StringComparison.Ordinal))
                {
                    table = null;
                }

                continue;
            }

            var name = row.Groups[3].Value;
            var time = Number(row.Groups[1].Value, logFile);
            if (name.Contains(", Version=", StringComparison.Ordinal))
            {
                assembly = name[..name.IndexOf(',', StringComparison.Ordinal)];
                continue;
            }

            if (assembly != ApieAssembly)
            {
                continue;
            }

            var bracket = name.IndexOf(" (", StringComparison.Ordinal);
            var type = bracket < 0 ? name : name[..bracket];
            if (table == "analyzer")
            {
                apieAnalyzers[type] = time;
                if (bracket >= 0)
                {
                    var ids = name[(bracket + 2)..].TrimEnd(')').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    apieRuleIds.UnionWith(ids);
                }
            }
            else
            {
                apieGenerator += time;
                apieGeneratorFound = true;
            }
        }

        if (csc is null)
        {
            throw new FormatException($"{logFile}: the task performance summary has no Csc line, so the compiler did not run and the build was not a full build.");
        }

        if (allAnalyzers is null || allGenerators is null)
        {
            throw new FormatException($"{logFile}: the analyzer or generator report of the compiler is missing. Check that the build passed -p:ReportAnalyzer=true and -v:d.");
        }

        if (!apieGeneratorRuns && (apieGeneratorFound || apieAnalyzers.Count > 0))
        {
            throw new FormatException($"{logFile}: the compiler ran code of {ApieAssembly} in a case that should build without it. Check the RemoveApieGenerator target of the written project.");
        }

        if (apieGeneratorRuns && !apieGeneratorFound)
        {
            throw new FormatException($"{logFile}: the generator report lists no generator of {ApieAssembly}. Check the analyzer reference to src/Apie.Generators.");
        }

        if (apieAnalyzersRun && apieAnalyzers.Count == 0)
        {
            throw new FormatException($"{logFile}: the analyzer report lists no analyzer of {ApieAssembly}. Check the analyzer reference to src/Apie.Generators.");
        }

        // The report still lists an analyzer whose rules are all disabled, with a time printed as "<0.001".
        var ran = apieAnalyzers.Where(pair => pair.Value > 0).Select(pair => pair.Key).ToList();
        if (!apieAnalyzersRun && ran.Count > 0)
        {
            throw new FormatException(
                $"{logFile}: the compiler ran {string.Join(", ", ran)} in a case that should skip the Apie analyzers. Check the rule ids in the global analyzer config.");
        }

        return new BuildMeasurement(wallSeconds, csc.Value, allAnalyzers.Value, apieAnalyzers, allGenerators.Value, apieGenerator, [.. apieRuleIds]);
    }

    /// <summary>Parses a time as the compiler prints it. A value printed as "&lt;0.001" counts as 0.</summary>
    private static double Number(string text, string logFile)
    {
        if (text.StartsWith('<'))
        {
            return 0;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"{logFile}: '{text}' is not a number in the invariant culture. Run the benchmark with an English locale.");
        }

        return value;
    }
}
