using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Apie.Generators.Shared;
using Apie.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// The generator's incremental caching: after an edit that touches no attributed method, only the transforms
/// that read a semantic model run again, every later stage stays cached, and an edit of one attributed method
/// regenerates that method's file only. The stage names come from <see cref="TrackingNames"/> by reflection, so
/// a new stage is checked without editing this test.
/// </summary>
public sealed class CachingTests
{
    private const string Agents = """
        using System.Threading.Tasks;
        using Apie;

        namespace Caching;

        public partial class Agent
        {
            [ApieSession(Kind = SessionKind.Pipeline, InputSummary = "Handle {id}")]
            public async Task<int> HandleAsync(int id)
            {
                await Task.Yield();
                return id;
            }

            [ApieRun(Role = "worker")]
            public int Score(int id) => id * 2;

            [ApieRun("Tally {id}")]
            public partial int Tally(int id);

            private int TallyCore(int id) => id + 1;

            [ApieTool("kb.search", RiskLevel = RiskLevel.Low, PayloadSummary = "Search {query}")]
            public string Search(string query) => query;

            [ApieWorkflowStep("triage", Index = 0)]
            public int Triage(int id) => id;

            [ApieLlmCall(Provider = "anthropic", Model = "claude")]
            public string Draft(string prompt) => prompt;
        }
        """;

    private const string Callers = """
        using System.Threading.Tasks;

        namespace Caching;

        public static class Callers
        {
            public static Task<int> Run() => new Agent().HandleAsync(3);

            public static int Sum() => new Agent().Score(2) + new Agent().Tally(1) + new Agent().Triage(4);

            public static string Text() => new Agent().Search("refund") + new Agent().Draft("reply");
        }
        """;

    private const string Unrelated = """
        namespace Caching;

        public static class Helpers
        {
            public static int Twice(int value) => value * 2;
        }
        """;

    private static readonly string[] s_stageNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral)
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToArray();

    // The compiler runs each transform that takes a semantic model again for every new compilation, since an edit
    // anywhere can change what a symbol binds to, and reports Unchanged when the output is equal. The generator
    // cannot avoid that, so these stages may report Unchanged, and every other stage must report Cached.
    private static readonly string[] s_semanticTransforms =
    {
        TrackingNames.RunMethods,
        TrackingNames.SessionMethods,
        TrackingNames.ToolMethods,
        TrackingNames.WorkflowStepMethods,
        TrackingNames.LlmCallMethods,
        TrackingNames.CallSiteCandidates,
    };

    [Fact]
    public void UnrelatedEdit_RerunsOnlySemanticTransforms()
    {
        var (driver, compilation) = FirstRun();

        var edited = ReplaceTree(compilation, "Unrelated.cs", Unrelated.Replace("value * 2", "value + value") + "\npublic class Added { }\n");
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertStagesRan(result);
        foreach (var (stage, reasons) in StageReasons(result))
        {
            var semantic = s_semanticTransforms.Contains(stage);
            Assert.All(reasons, reason => Assert.True(
                reason == IncrementalStepRunReason.Cached || (semantic && reason == IncrementalStepRunReason.Unchanged),
                $"stage {stage} reported {reason} after an unrelated edit"));
        }

        Assert.All(OutputReasons(result), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    // Every call site is encoded with the checksum of the file it sits in, so the file edited here contains no calls:
    // an interceptor of a call inside an edited file is regenerated with that file, by design of the compiler.
    [Fact]
    public void AttributedEditRegeneratesOnlyThatMethod()
    {
        var (driver, compilation) = FirstRun();
        var before = GeneratorHarness.GeneratedSources(driver.GetRunResult());

        var edited = ReplaceTree(compilation, "Agents.cs", Agents.Replace("\"Tally {id}\"", "\"Count {id}\""));
        driver = driver.RunGenerators(edited);
        var result = driver.GetRunResult().Results.Single();
        var after = GeneratorHarness.GeneratedSources(driver.GetRunResult());

        var outputs = OutputReasons(result).ToList();
        Assert.Equal(1, outputs.Count(reason => reason == IncrementalStepRunReason.Modified));
        Assert.All(outputs.Where(reason => reason != IncrementalStepRunReason.Modified), reason => Assert.True(
            reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"a source output of an untouched method reported {reason}"));

        var changed = before.Keys.Where(name => before[name] != after[name]).ToList();
        var changedFile = Assert.Single(changed);
        Assert.StartsWith("Caching.Agent.Tally.", changedFile, StringComparison.Ordinal);
        Assert.Contains("\"Count \"", after[changedFile], StringComparison.Ordinal);
    }

    [Fact]
    public void CachingCheckCanFail()
    {
        // The same edit as above, seen from the unrelated-edit rule: it must break that rule, which shows the
        // rule is able to fail.
        var (driver, compilation) = FirstRun();

        var edited = ReplaceTree(compilation, "Agents.cs", Agents.Replace("\"Tally {id}\"", "\"Count {id}\""));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(StageReasons(result).SelectMany(pair => pair.Reasons), reason => reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.CreateCompilation((Agents, "Agents.cs"), (Callers, "Callers.cs"), (Unrelated, "Unrelated.cs"));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        Assert.Equal(6, GeneratorHarness.GeneratedSources(driver.GetRunResult()).Count);
        return (driver, compilation);
    }

    private static CSharpCompilation ReplaceTree(CSharpCompilation compilation, string path, string text)
    {
        var old = compilation.SyntaxTrees.Single(tree => tree.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path));
    }

    private static void AssertStagesRan(GeneratorRunResult result)
    {
        foreach (var stage in s_stageNames)
        {
            Assert.True(result.TrackedSteps.ContainsKey(stage), $"stage {stage} did not run; is its tracking name still applied?");
        }
    }

    private static IEnumerable<(string Stage, IReadOnlyList<IncrementalStepRunReason> Reasons)> StageReasons(GeneratorRunResult result)
        => s_stageNames.Select(stage => (stage, (IReadOnlyList<IncrementalStepRunReason>)result.TrackedSteps[stage]
            .SelectMany(step => step.Outputs)
            .Select(output => output.Reason)
            .ToList()));

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorRunResult result)
        => result.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(step => step.Outputs).Select(output => output.Reason);
}
