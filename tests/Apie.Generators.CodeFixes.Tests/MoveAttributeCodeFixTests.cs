using System.Threading.Tasks;
using Xunit;

namespace Apie.Generators.CodeFixes.Tests;

public sealed class MoveAttributeCodeFixTests
{
    [Theory]
    [InlineData(TargetFramework.Net100)]
    [InlineData(TargetFramework.Net80)]
    public async Task ExplicitImplementationMovesToInterface(TargetFramework framework)
    {
        var test = new ApieCodeFixTest<MoveAttributeCodeFixProvider>(framework)
        {
            TestCode = """
                using System.Threading.Tasks;
                using Apie;

                public interface IAgent
                {
                    Task<string> RunAsync(string query);
                }

                public class Agent : IAgent
                {
                    [Obsolete, {|APIE0001:ApieRun("Answer {question}", Role = "worker")|}]
                    Task<string> IAgent.RunAsync(string question) => Task.FromResult(question);
                }

                public sealed class ObsoleteAttribute : System.Attribute
                {
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;
                using Apie;

                public interface IAgent
                {
                    [ApieRun("Answer {query}", Role = "worker")]
                    Task<string> RunAsync(string query);
                }

                public class Agent : IAgent
                {
                    [Obsolete]
                    Task<string> IAgent.RunAsync(string question) => Task.FromResult(question);
                }

                public sealed class ObsoleteAttribute : System.Attribute
                {
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task InterfaceCallMovesAcrossFiles()
    {
        var test = new ApieCodeFixTest<MoveAttributeCodeFixProvider>();
        test.TestState.Sources.Add(("IAgent.cs", """
            using System.Threading.Tasks;

            namespace Agents.Contracts
            {
                public interface IAgent
                {
                    /// <summary>Answers a query.</summary>
                    Task<string> RunAsync(string query, int limit);
                }
            }
            """));
        test.TestState.Sources.Add(("Agent.cs", """
            using System.Threading.Tasks;
            using Agents.Contracts;

            namespace Agents
            {
                public class Agent : IAgent
                {
                    [Apie.ApieSession(InputSummary = "Run {request.Length} up to {max}", Kind = Apie.SessionKind.MultiAgent)]
                    public Task<string> RunAsync(string request, int max) => Task.FromResult(request);
                }

                public static class Caller
                {
                    public static Task<string> Call(IAgent agent) => {|APIE0010:agent.RunAsync("q", 3)|};
                }
            }
            """));
        test.FixedState.Sources.Add(("IAgent.cs", """
            using System.Threading.Tasks;
            using Apie;

            namespace Agents.Contracts
            {
                public interface IAgent
                {
                    /// <summary>Answers a query.</summary>
                    [ApieSession(InputSummary = "Run {query.Length} up to {limit}", Kind = SessionKind.MultiAgent)]
                    Task<string> RunAsync(string query, int limit);
                }
            }
            """));
        test.FixedState.Sources.Add(("Agent.cs", """
            using System.Threading.Tasks;
            using Agents.Contracts;

            namespace Agents
            {
                public class Agent : IAgent
                {
                    public Task<string> RunAsync(string request, int max) => Task.FromResult(request);
                }

                public static class Caller
                {
                    public static Task<string> Call(IAgent agent) => agent.RunAsync("q", 3);
                }
            }
            """));

        await test.RunAsync();
    }

    [Fact]
    public async Task OverrideMovesToVirtualMember()
    {
        var test = new ApieCodeFixTest<MoveAttributeCodeFixProvider>
        {
            TestCode = """
                using Apie;

                public class Tool
                {
                    public virtual int Use(int input) => input;
                }

                public class Calculator : Tool
                {
                    [ApieRun]
                    public override int Use(int input) => input * 2;
                }

                public static class Caller
                {
                    public static int Call(Tool tool) => {|APIE0010:tool.Use(1)|};
                }
                """,
            FixedCode = """
                using Apie;

                public class Tool
                {
                    [ApieRun]
                    public virtual int Use(int input) => input;
                }

                public class Calculator : Tool
                {
                    public override int Use(int input) => input * 2;
                }

                public static class Caller
                {
                    public static int Call(Tool tool) => tool.Use(1);
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task MetadataInterfaceOffersNoFix()
    {
        const string code = """
            using System;
            using Apie;

            public sealed class Session : IDisposable
            {
                [{|APIE0001:ApieRun|}]
                void IDisposable.Dispose()
                {
                }
            }
            """;
        var test = new ApieCodeFixTest<MoveAttributeCodeFixProvider> { TestCode = code, FixedCode = code };

        await test.RunAsync();
    }

    [Fact]
    public async Task OtherUnsupportedTargetOffersNoFix()
    {
        const string code = """
            using Apie;

            public class Agent
            {
                public int Run()
                {
                    return Step();

                    [{|APIE0001:ApieRun|}]
                    static int Step() => 1;
                }
            }
            """;
        var test = new ApieCodeFixTest<MoveAttributeCodeFixProvider> { TestCode = code, FixedCode = code };

        await test.RunAsync();
    }

    [Fact]
    public async Task FixAllMovesOnce()
    {
        var test = new ApieCodeFixTest<MoveAttributeCodeFixProvider>
        {
            NumberOfFixAllIterations = 1,
            TestCode = """
                using Apie;

                public interface ITool
                {
                    int Use(int input);

                    int Undo(int input);
                }

                public class Tool : ITool
                {
                    [ApieRun]
                    public int Use(int input) => input;

                    [ApieRun]
                    public int Undo(int input) => -input;
                }

                public static class Caller
                {
                    public static int Call(ITool tool) => {|APIE0010:tool.Use(1)|} + {|APIE0010:tool.Use(2)|} + {|APIE0010:tool.Undo(3)|};
                }
                """,
            FixedCode = """
                using Apie;

                public interface ITool
                {
                    [ApieRun]
                    int Use(int input);

                    [ApieRun]
                    int Undo(int input);
                }

                public class Tool : ITool
                {
                    public int Use(int input) => input;

                    public int Undo(int input) => -input;
                }

                public static class Caller
                {
                    public static int Call(ITool tool) => tool.Use(1) + tool.Use(2) + tool.Undo(3);
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task GeneratedPartialOffersNoFix()
    {
        // The generated body records calls through the interface too, so nothing is reported and nothing offered.
        const string code = """
            using System.Threading.Tasks;
            using Apie;

            public interface IAgent
            {
                Task<string> RunAsync(string query);
            }

            public partial class Agent : IAgent
            {
                [ApieRun]
                public partial Task<string> RunAsync(string query);

                private Task<string> RunAsyncCore(string query) => Task.FromResult(query);
            }

            public static class Caller
            {
                public static Task<string> Call(IAgent agent) => agent.RunAsync("q");
            }
            """;
        var test = new ApieCodeFixTest<MoveAttributeCodeFixProvider> { RunGenerator = true, TestCode = code, FixedCode = code };

        await test.RunAsync();
    }
}
