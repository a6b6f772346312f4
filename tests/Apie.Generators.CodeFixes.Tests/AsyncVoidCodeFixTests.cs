using System.Threading.Tasks;
using Xunit;

namespace Apie.Generators.CodeFixes.Tests;

public sealed class AsyncVoidCodeFixTests
{
    [Fact]
    public async Task AsyncVoidBecomesAsyncTask()
    {
        var test = new ApieCodeFixTest<AsyncVoidCodeFixProvider>
        {
            TestCode = """
                using Apie;

                public class Agent
                {
                    [{|APIE0002:ApieRun|}]
                    public async void Run(string query)
                    {
                        await System.Threading.Tasks.Task.Yield();
                    }
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;
                using Apie;

                public class Agent
                {
                    [ApieRun]
                    public async Task Run(string query)
                    {
                        await System.Threading.Tasks.Task.Yield();
                    }
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task ExistingUsingIsNotRepeated()
    {
        var test = new ApieCodeFixTest<AsyncVoidCodeFixProvider>
        {
            TestCode = """
                using System.Threading.Tasks;
                using Apie;

                namespace Agents;

                public class Agent
                {
                    /// <summary>Runs the agent.</summary>
                    [{|APIE0002:ApieSession|}]
                    internal static async void Run() => await Task.Yield();
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;
                using Apie;

                namespace Agents;

                public class Agent
                {
                    /// <summary>Runs the agent.</summary>
                    [ApieSession]
                    internal static async Task Run() => await Task.Yield();
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task ConflictingTaskNameStaysQualified()
    {
        var test = new ApieCodeFixTest<AsyncVoidCodeFixProvider>
        {
            TestCode = """
                using Apie;

                public class Task
                {
                }

                public class Agent
                {
                    [{|APIE0002:ApieRun|}]
                    public async void Run() => await System.Threading.Tasks.Task.Yield();
                }
                """,
            FixedCode = """
                using Apie;

                public class Task
                {
                }

                public class Agent
                {
                    [ApieRun]
                    public async System.Threading.Tasks.Task Run() => await System.Threading.Tasks.Task.Yield();
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task OverrideOffersNoFix()
    {
        const string code = """
            using System.Threading.Tasks;
            using Apie;

            public abstract class Handler
            {
                public abstract void Handle();
            }

            public class Agent : Handler
            {
                [{|APIE0002:ApieRun|}]
                public override async void Handle() => await Task.Yield();
            }
            """;
        var test = new ApieCodeFixTest<AsyncVoidCodeFixProvider> { TestCode = code, FixedCode = code };

        await test.RunAsync();
    }

    [Fact]
    public async Task InterfaceImplementationOffersNoFix()
    {
        const string code = """
            using System.Threading.Tasks;
            using Apie;

            public interface IHandler
            {
                void Handle();
            }

            public class Agent : IHandler
            {
                [{|APIE0002:ApieRun|}]
                public async void Handle() => await Task.Yield();
            }
            """;
        var test = new ApieCodeFixTest<AsyncVoidCodeFixProvider> { TestCode = code, FixedCode = code };

        await test.RunAsync();
    }

    [Theory]
    [InlineData(TargetFramework.Net100)]
    [InlineData(TargetFramework.Net80)]
    public async Task FixAllAddsOneUsing(TargetFramework framework)
    {
        var test = new ApieCodeFixTest<AsyncVoidCodeFixProvider>(framework)
        {
            NumberOfFixAllIterations = 1,
            TestCode = """
                using Apie;

                public class Agent
                {
                    [{|APIE0002:ApieRun|}]
                    public async void Plan() => await System.Threading.Tasks.Task.Yield();

                    [{|APIE0002:ApieRun|}]
                    public async void Execute() => await System.Threading.Tasks.Task.Yield();
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;
                using Apie;

                public class Agent
                {
                    [ApieRun]
                    public async Task Plan() => await System.Threading.Tasks.Task.Yield();

                    [ApieRun]
                    public async Task Execute() => await System.Threading.Tasks.Task.Yield();
                }
                """,
        };

        await test.RunAsync();
    }
}
