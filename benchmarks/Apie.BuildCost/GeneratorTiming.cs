using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Apie.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Apie.BuildCost;

/// <summary>
/// Times the Apie generator in this process with the compiler's generator driver, as an IDE or a build server
/// runs it. Each round is one run on a new compilation, one after an edit of a file that declares and calls no
/// attributed method, and one after an edit of an attributed method's body. The times are the driver's own.
/// </summary>
internal static class GeneratorTiming
{
    private const string UnrelatedPath = "Unrelated.cs";
    private const string EditedPath = "Service0.cs";

    // The first method of the written project; its body is what the attributed edit changes.
    private const string EditedBody = "=> input.Size * factor;";

    /// <summary>Medians, in milliseconds, of each kind of generator run.</summary>
    public sealed record Result(int Repetitions, double FullRun, double UnrelatedEdit, double AttributedEdit, int GeneratedFiles);

    public static Result Measure(int methods, int callsPerMethod, int repetitions)
    {
        var sources = LargeProject.Create(methods, callsPerMethod);
        sources.Add((UnrelatedSource(0), UnrelatedPath));

        var full = new List<double>();
        var unrelated = new List<double>();
        var attributed = new List<double>();
        var generatedFiles = 0;

        // One uncounted round first: it loads and compiles the compiler's and the generator's code.
        for (var round = 0; round <= repetitions; round++)
        {
            // A new compilation each round, so no declaration table or bound symbol of an earlier round is reused.
            var compilation = GeneratorHarness.CreateCompilation([.. sources]);
            var driver = GeneratorHarness.CreateDriver(trackSteps: false);

            driver = driver.RunGenerators(compilation);
            var fullTime = ElapsedMilliseconds(driver);
            generatedFiles = driver.GetRunResult().GeneratedTrees.Length;

            compilation = Replace(compilation, UnrelatedPath, _ => UnrelatedSource(round + 1));
            driver = driver.RunGenerators(compilation);
            var unrelatedTime = ElapsedMilliseconds(driver);

            compilation = Replace(compilation, EditedPath, text => EditBody(text, round));
            driver = driver.RunGenerators(compilation);
            var attributedTime = ElapsedMilliseconds(driver);

            if (round > 0)
            {
                full.Add(fullTime);
                unrelated.Add(unrelatedTime);
                attributed.Add(attributedTime);
            }
        }

        return new Result(repetitions, ResultTable.Median(full), ResultTable.Median(unrelated), ResultTable.Median(attributed), generatedFiles);
    }

    /// <summary>Writes the Markdown table of one measurement.</summary>
    public static string Table(Result result)
    {
        var text = new StringBuilder();
        text.AppendLine("| Generator run | Median (ms) | Ratio to the full run |");
        text.AppendLine("| --- | ---: | ---: |");
        foreach (var (name, value) in new[]
        {
            ("Full run on a new compilation", result.FullRun),
            ("After an edit of a file with no attributed method and no call of one", result.UnrelatedEdit),
            ("After an edit of one attributed method's body", result.AttributedEdit),
        })
        {
            var ratio = (value / result.FullRun).ToString("F3", CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value.ToString("F1", CultureInfo.InvariantCulture)} | {ratio} |");
        }

        return text.ToString();
    }

    private static double ElapsedMilliseconds(GeneratorDriver driver)
        => driver.GetTimingInfo().GeneratorTimes.Single().ElapsedTime.TotalMilliseconds;

    private static CSharpCompilation Replace(CSharpCompilation compilation, string path, Func<string, string> edit)
    {
        var tree = compilation.SyntaxTrees.Single(tree => tree.FilePath == path);
        var text = edit(tree.GetText().ToString());
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text)));
    }

    private static string EditBody(string text, int round)
    {
        var at = text.IndexOf(EditedBody, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"{EditedPath} no longer contains '{EditedBody}'; update the edit to match the written project.");
        }

        // Each round's edit differs from the last, so the driver always gets a changed text.
        return text.Remove(at, EditedBody.Length).Insert(at, $"=> input.Size * factor + {round + 1};");
    }

    private static string UnrelatedSource(int version) => $$"""
        namespace Large.Unrelated;

        public static class Arithmetic
        {
            public static int Scale(int value) => value * {{version + 2}};
        }
        """;
}
