using System.Threading.Tasks;
using Xunit;

namespace Apie.Generators.CodeFixes.Tests;

public sealed class MissingImplementationCodeFixTests
{
    [Fact]
    public async Task GenericInstanceMethodGetsImplementation()
    {
        var test = new ApieCodeFixTest<MissingImplementationCodeFixProvider>
        {
            RunGenerator = true,
            TestCode = """
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Apie;

                public partial class Agent
                {
                    [{|APIE0006:ApieRun("Search {query}")|}]
                    public partial Task<IReadOnlyList<T>> {|CS8795:SearchAsync|}<T>(string query, ref int count, T? seed = default)
                        where T : class, new();
                }
                """,
            FixedCode = """
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Apie;

                public partial class Agent
                {
                    [ApieRun("Search {query}")]
                    public partial Task<IReadOnlyList<T>> SearchAsync<T>(string query, ref int count, T? seed = default)
                        where T : class, new();

                    private Task<IReadOnlyList<T>> SearchAsyncCore<T>(string query, ref int count, T? seed)
                        where T : class, new()
                    {
                        throw new System.NotImplementedException();
                    }
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task StaticMethodUsesImplementationName()
    {
        var test = new ApieCodeFixTest<MissingImplementationCodeFixProvider>
        {
            RunGenerator = true,
            TestCode = """
                using Apie;

                public static partial class Tools
                {
                    [{|APIE0006:ApieRun(Implementation = "CountWords")|}]
                    public static partial int {|CS8795:Count|}(this string text);
                }
                """,
            FixedCode = """
                using Apie;

                public static partial class Tools
                {
                    [ApieRun(Implementation = "CountWords")]
                    public static partial int Count(this string text);

                    private static int CountWords(string text)
                    {
                        throw new System.NotImplementedException();
                    }
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task ClashingSignatureOffersNoFix()
    {
        const string code = """
            using System.Threading.Tasks;
            using Apie;

            public partial class Agent
            {
                [{|APIE0006:ApieRun|}]
                public partial Task<string> {|CS8795:RunAsync|}(string query);

                private string RunAsyncCore(string query) => query;
            }
            """;
        var test = new ApieCodeFixTest<MissingImplementationCodeFixProvider> { RunGenerator = true, TestCode = code, FixedCode = code };

        await test.RunAsync();
    }

    [Fact]
    public async Task FixAllAddsEveryImplementation()
    {
        var test = new ApieCodeFixTest<MissingImplementationCodeFixProvider>
        {
            NumberOfFixAllIterations = 1,
            RunGenerator = true,
            TestCode = """
                using System.Threading.Tasks;
                using Apie;

                public partial class Agent
                {
                    [{|APIE0006:ApieRun|}]
                    public partial Task {|CS8795:PlanAsync|}(string goal);

                    [{|APIE0006:ApieSession|}]
                    internal partial ValueTask<int> {|CS8795:ExecuteAsync|}(int step);
                }
                """,
            FixedCode = """
                using System.Threading.Tasks;
                using Apie;

                public partial class Agent
                {
                    [ApieRun]
                    public partial Task PlanAsync(string goal);

                    private Task PlanAsyncCore(string goal)
                    {
                        throw new System.NotImplementedException();
                    }

                    [ApieSession]
                    internal partial ValueTask<int> ExecuteAsync(int step);

                    private ValueTask<int> ExecuteAsyncCore(int step)
                    {
                        throw new System.NotImplementedException();
                    }
                }
                """,
        };

        await test.RunAsync();
    }
}
