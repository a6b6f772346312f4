using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Apie.BuildCost;

/// <summary>One timed build of one case, with the 1-minute load average read just before it started.</summary>
internal sealed record TimedBuild(string Case, int Run, double? LoadAverage, BuildMeasurement Measurement);

/// <summary>Writes the Markdown tables of the benchmark's results.</summary>
internal static class ResultTable
{
    /// <summary>Share of a full build's wall time that the Apie generator and analyzers together may take.</summary>
    public const double ApieTarget = 0.10;

    /// <summary>
    /// Writes the summary of one case: median, minimum and maximum of each time, and the median over runs of its
    /// share of that run's wall time.
    /// </summary>
    public static string Summary(IReadOnlyList<TimedBuild> builds)
    {
        var measurements = builds.Select(build => build.Measurement).ToList();
        var analyzerTypes = measurements.SelectMany(m => m.ApieAnalyzers.Keys).Distinct().Order(StringComparer.Ordinal).ToList();

        var rows = new List<(string Name, Func<BuildMeasurement, double> Value)>
        {
            ("Full build, wall time", m => m.Wall),
            ("Csc task", m => m.Csc),
            ("All analyzers (compiler's total)", m => m.AllAnalyzers),
        };
        foreach (var type in analyzerTypes)
        {
            rows.Add(($"{ShortName(type)} (Apie)", m => m.ApieAnalyzers.GetValueOrDefault(type)));
        }

        rows.Add(("Apie analyzers, sum", m => m.ApieAnalyzersTotal));
        rows.Add(("All generators (compiler's total)", m => m.AllGenerators));
        rows.Add(("ApieGenerator", m => m.ApieGenerator));

        var text = new StringBuilder();
        text.AppendLine("| Measure | Median (s) | Min (s) | Max (s) | Share of full build (median) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, value) in rows)
        {
            var values = measurements.Select(value).ToList();
            var shares = measurements.Select(m => value(m) / m.Wall).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Seconds(Median(values))} | {Seconds(values.Min())} | {Seconds(values.Max())} | {Percent(Median(shares))} |");
        }

        return text.ToString();
    }

    /// <summary>Writes one row per timed build.</summary>
    public static string Runs(IReadOnlyList<TimedBuild> builds)
    {
        var text = new StringBuilder();
        text.AppendLine("| Case | Run | Load average before | Wall (s) | Csc (s) | All analyzers (s) | Apie analyzers (s) | ApieGenerator (s) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var build in builds)
        {
            var m = build.Measurement;
            var load = build.LoadAverage is { } value ? value.ToString("F2", CultureInfo.InvariantCulture) : "n/a";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {build.Case} | {build.Run} | {load} | {Seconds(m.Wall)} | {Seconds(m.Csc)} | {Seconds(m.AllAnalyzers)} | {Seconds(m.ApieAnalyzersTotal)} | {Seconds(m.ApieGenerator)} |");
        }

        return text.ToString();
    }

    /// <summary>Returns the median of the per-run shares of the Apie analyzers in the full build's wall time.</summary>
    public static double ApieAnalyzerShare(IReadOnlyList<TimedBuild> builds)
        => Median(builds.Select(build => build.Measurement.ApieAnalyzersTotal / build.Measurement.Wall).ToList());

    /// <summary>Returns the median of the per-run shares of the Apie generator and analyzers together.</summary>
    public static double ApieShare(IReadOnlyList<TimedBuild> builds)
        => Median(builds.Select(build => (build.Measurement.ApieAnalyzersTotal + build.Measurement.ApieGenerator) / build.Measurement.Wall).ToList());

    /// <summary>Returns the median, the mean of the two middle values for an even count.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static string Seconds(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("F2", CultureInfo.InvariantCulture) + " %";

    private static string ShortName(string typeName) => typeName[(typeName.LastIndexOf('.') + 1)..];
}
