using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Apie.Generators.Tests.Infrastructure;

/// <summary>
/// Writes a project of many attributed methods drawn from the supported shapes, spread over classes of a fixed
/// size, with several calls of each from separate caller files. Deterministic: the same counts give the same text.
/// </summary>
internal static class LargeProject
{
    private static readonly string[] s_shapes =
    {
        "int",
        "void",
        "async System.Threading.Tasks.Task",
        "async System.Threading.Tasks.Task<string>",
        "async System.Threading.Tasks.ValueTask<int>",
        "generic",
        "partial",
        "iterator",
    };

    public static List<(string Text, string Path)> Create(int methods, int callsPerMethod, int methodsPerClass = 40)
    {
        var files = new List<(string Text, string Path)>();
        var classes = (methods + methodsPerClass - 1) / methodsPerClass;

        for (var c = 0; c < classes; c++)
        {
            var declarations = new StringBuilder();
            var calls = new StringBuilder();
            for (var m = c * methodsPerClass; m < System.Math.Min(methods, (c + 1) * methodsPerClass); m++)
            {
                declarations.Append(Method(m, c));
                for (var k = 0; k < callsPerMethod; k++)
                {
                    calls.Append(Call(m, k, c));
                }
            }

            files.Add(($$"""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Apie;

                namespace Large.Area{{c % 7}};

                public sealed record Input{{c}}(string Name, int Size);

                public partial class Service{{c}}
                {
                {{declarations}}
                }
                """, $"Service{c}.cs"));

            files.Add(($$"""
                using System.Linq;
                using System.Threading.Tasks;

                namespace Large.Area{{c % 7}};

                public static class Callers{{c}}
                {
                    public static async Task<int> CallAllAsync(Service{{c}} service, Input{{c}} input)
                    {
                        var total = 0;
                {{calls}}
                        return total;
                    }
                }
                """, $"Callers{c}.cs"));
        }

        return files;
    }

    /// <summary>
    /// Writes the implementation part of every partial method of <see cref="Create"/>, each calling its
    /// <c>Core</c> method. With this file and without the generator, the project compiles as plain C#.
    /// </summary>
    public static string PartialBodies(int methods, int methodsPerClass = 40)
    {
        var text = new StringBuilder();
        for (var m = 0; m < methods; m++)
        {
            if (s_shapes[m % s_shapes.Length] != "partial")
            {
                continue;
            }

            var c = m / methodsPerClass;
            text.Append(CultureInfo.InvariantCulture, $$"""
                namespace Large.Area{{c % 7}}
                {
                    public partial class Service{{c}}
                    {
                        public partial int M{{m}}(Input{{c}} input, int factor) => M{{m}}Core(input, factor);
                    }
                }

                """);
        }

        return text.ToString();
    }

    private static string Method(int index, int c)
    {
        // Every kind of Apie attribute appears, so the generator and every analyzer rule take part in the build.
        var attribute = (index % 11, index % 4) switch
        {
            (0, _) => $"[ApieSession(\"Session {index} {{input.Name}}\", Kind = SessionKind.Pipeline)]",
            (_, 1) => $"[ApieTool(\"tool.m{index}\", RiskLevel = RiskLevel.High, ActionType = \"update\", ResourceType = \"database_record\", ExternalId = \"{{input.Name}}\", PayloadSummary = \"Size {{input.Size}}\")]",
            (_, 2) => $"[ApieWorkflowStep(\"step-{index}\", Name = \"Step {index}\", Index = {index % 5}, PayloadSummary = \"{{input.Name}}\")]",
            (1, 3) => $"[ApieLlmCall(Provider = \"anthropic\", Model = \"claude\", InputSummary = \"Prompt {{input.Name}}\")]",
            _ => $"[ApieRun(\"Method {index} {{input.Name}} {{input.Size}}\", Role = \"worker\", StepIndex = {index % 5})]",
        };

        return s_shapes[index % s_shapes.Length] switch
        {
            "int" => $"    {attribute}\n    public int M{index}(Input{c} input, int factor) => input.Size * factor;\n\n",
            "void" => $"    {attribute}\n    public void M{index}(Input{c} input, int factor) {{ _ = input.Size + factor; }}\n\n",
            "async System.Threading.Tasks.Task" => $"    {attribute}\n    public async Task M{index}(Input{c} input, int factor) {{ await Task.Yield(); _ = factor; }}\n\n",
            "async System.Threading.Tasks.Task<string>" => $"    {attribute}\n    public async Task<string> M{index}(Input{c} input, int factor) {{ await Task.Yield(); return input.Name + factor; }}\n\n",
            "async System.Threading.Tasks.ValueTask<int>" => $"    {attribute}\n    public async ValueTask<int> M{index}(Input{c} input, int factor) {{ await Task.Yield(); return factor; }}\n\n",
            "generic" => $"    {attribute}\n    public static T M{index}<T>(Input{c} input, T value) where T : notnull => value;\n\n",
            "partial" => $"    {attribute}\n    public partial int M{index}(Input{c} input, int factor);\n\n    private int M{index}Core(Input{c} input, int factor) => factor + input.Size;\n\n",
            _ => $"    {attribute}\n    public IEnumerable<int> M{index}(Input{c} input, int factor) {{ yield return factor; yield return input.Size; }}\n\n",
        };
    }

    private static string Call(int index, int k, int c) => s_shapes[index % s_shapes.Length] switch
    {
        "int" or "partial" => $"        total += service.M{index}(input, {k});\n",
        "void" => $"        service.M{index}(input, {k});\n",
        "async System.Threading.Tasks.Task" => $"        await service.M{index}(input, {k});\n",
        "async System.Threading.Tasks.Task<string>" => $"        total += (await service.M{index}(input, {k})).Length;\n",
        "async System.Threading.Tasks.ValueTask<int>" => $"        total += await service.M{index}(input, {k});\n",
        "generic" => $"        total += Service{c}.M{index}(input, {k});\n",
        _ => $"        total += service.M{index}(input, {k}).Sum();\n",
    };
}
