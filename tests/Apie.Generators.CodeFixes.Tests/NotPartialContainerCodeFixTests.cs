using System.Threading.Tasks;
using Xunit;

namespace Apie.Generators.CodeFixes.Tests;

public sealed class NotPartialContainerCodeFixTests
{
    [Fact]
    public async Task NestedTypesBecomePartial()
    {
        var test = new ApieCodeFixTest<NotPartialContainerCodeFixProvider>
        {
            RunGenerator = true,
            TestCode = """
                using System.Threading.Tasks;
                using Apie;

                namespace Agents
                {
                    /// <summary>Contains the agents.</summary>
                    class Outer
                    {
                        public sealed partial class Middle
                        {
                            internal readonly struct Inner
                            {
                                [{|APIE0007:ApieRun|}]
                                public partial Task {|CS0751:{|CS8795:RunAsync|}|}(string query);

                                private Task RunAsyncCore(string query) => Task.CompletedTask;
                            }
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;
                using Apie;

                namespace Agents
                {
                    /// <summary>Contains the agents.</summary>
                    partial class Outer
                    {
                        public sealed partial class Middle
                        {
                            internal readonly partial struct Inner
                            {
                                [ApieRun]
                                public partial Task RunAsync(string query);

                                private Task RunAsyncCore(string query) => Task.CompletedTask;
                            }
                        }
                    }
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task RecordStructBecomesPartial()
    {
        var test = new ApieCodeFixTest<NotPartialContainerCodeFixProvider>
        {
            RunGenerator = true,
            TestCode = """
                using Apie;

                public record struct Step(int Index)
                {
                    [{|APIE0007:ApieRun|}]
                    public partial int {|CS0751:{|CS8795:Run|}|}();

                    private int RunCore() => Index;
                }
                """,
            FixedCode = """
                using Apie;

                public partial record struct Step(int Index)
                {
                    [ApieRun]
                    public partial int Run();

                    private int RunCore() => Index;
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task PartialTypeReportsNothing()
    {
        const string code = """
            using Apie;

            public partial class Agent
            {
                [ApieRun]
                public partial int Run();

                private int RunCore() => 1;
            }
            """;
        var test = new ApieCodeFixTest<NotPartialContainerCodeFixProvider> { RunGenerator = true, TestCode = code, FixedCode = code };

        await test.RunAsync();
    }

    [Fact]
    public async Task FixAllMakesEachTypePartial()
    {
        var test = new ApieCodeFixTest<NotPartialContainerCodeFixProvider>
        {
            NumberOfFixAllIterations = 1,
            RunGenerator = true,
            TestCode = """
                using Apie;

                public class Planner
                {
                    [{|APIE0007:ApieRun|}]
                    public partial int {|CS0751:{|CS8795:Plan|}|}();

                    [{|APIE0007:ApieRun|}]
                    public partial int {|CS0751:{|CS8795:Replan|}|}();

                    private int PlanCore() => 1;

                    private int ReplanCore() => 2;
                }

                public class Executor
                {
                    [{|APIE0007:ApieSession|}]
                    public partial void {|CS0751:{|CS8795:Execute|}|}();

                    private void ExecuteCore()
                    {
                    }
                }
                """,
            FixedCode = """
                using Apie;

                public partial class Planner
                {
                    [ApieRun]
                    public partial int Plan();

                    [ApieRun]
                    public partial int Replan();

                    private int PlanCore() => 1;

                    private int ReplanCore() => 2;
                }

                public partial class Executor
                {
                    [ApieSession]
                    public partial void Execute();

                    private void ExecuteCore()
                    {
                    }
                }
                """,
        };

        await test.RunAsync();
    }
}
