using System.Threading.Tasks;
using Xunit;

namespace Apie.Generators.CodeFixes.Tests;

public sealed class MethodGroupCodeFixTests
{
    [Theory]
    [InlineData(TargetFramework.Net100)]
    [InlineData(TargetFramework.Net80)]
    public async Task OneParameterBecomesSimpleLambda(TargetFramework framework)
    {
        var test = new ApieCodeFixTest<MethodGroupCodeFixProvider>(framework)
        {
            TestCode = """
                using System.Collections.Generic;
                using Apie;

                public class Agent
                {
                    [ApieRun]
                    public void Log(string message)
                    {
                    }

                    public void LogAll(List<string> lines)
                    {
                        lines.ForEach({|APIE0009:Log|});
                    }
                }
                """,
            FixedCode = """
                using System.Collections.Generic;
                using Apie;

                public class Agent
                {
                    [ApieRun]
                    public void Log(string message)
                    {
                    }

                    public void LogAll(List<string> lines)
                    {
                        lines.ForEach(message => Log(message));
                    }
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task NoParametersBecomeEmptyLambda()
    {
        var test = new ApieCodeFixTest<MethodGroupCodeFixProvider>
        {
            TestCode = """
                using System;
                using System.Threading.Tasks;
                using Apie;

                public class Agent
                {
                    [ApieRun]
                    public Task<int> CountAsync() => Task.FromResult(1);

                    public Func<Task<int>> Counter() => {|APIE0009:this.CountAsync|};
                }
                """,
            FixedCode = """
                using System;
                using System.Threading.Tasks;
                using Apie;

                public class Agent
                {
                    [ApieRun]
                    public Task<int> CountAsync() => Task.FromResult(1);

                    public Func<Task<int>> Counter() => () => this.CountAsync();
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task SeveralParametersKeepTheirNames()
    {
        var test = new ApieCodeFixTest<MethodGroupCodeFixProvider>
        {
            TestCode = """
                using System;
                using Apie;

                public static class Calculator
                {
                    [ApieRun]
                    public static int Add(int left, int right) => left + right;
                }

                public class Agent
                {
                    public Func<int, int, int> Adder(int left) => {|APIE0009:Calculator.Add|};
                }
                """,
            FixedCode = """
                using System;
                using Apie;

                public static class Calculator
                {
                    [ApieRun]
                    public static int Add(int left, int right) => left + right;
                }

                public class Agent
                {
                    public Func<int, int, int> Adder(int left) => (left2, right) => Calculator.Add(left2, right);
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task VarDeclarationGetsParameterTypes()
    {
        var test = new ApieCodeFixTest<MethodGroupCodeFixProvider>
        {
            TestCode = """
                using Apie;

                public class Agent
                {
                    [ApieRun]
                    public string Greet(string name, int times) => name;

                    public string Run()
                    {
                        var greet = {|APIE0009:Greet|};
                        return greet("Ada", 2);
                    }
                }
                """,
            FixedCode = """
                using Apie;

                public class Agent
                {
                    [ApieRun]
                    public string Greet(string name, int times) => name;

                    public string Run()
                    {
                        var greet = (string name, int times) => Greet(name, times);
                        return greet("Ada", 2);
                    }
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task DelegateTargetGetsParameterTypes()
    {
        var test = new ApieCodeFixTest<MethodGroupCodeFixProvider>
        {
            TestCode = """
                using System;
                using Apie;

                public class Agent
                {
                    [ApieRun]
                    public void Log(string? message)
                    {
                    }

                    public Delegate Logger() => {|APIE0009:Log|};
                }
                """,
            FixedCode = """
                using System;
                using Apie;

                public class Agent
                {
                    [ApieRun]
                    public void Log(string? message)
                    {
                    }

                    public Delegate Logger() => (string? message) => Log(message);
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task RefParametersKeepTheirModifiers()
    {
        var test = new ApieCodeFixTest<MethodGroupCodeFixProvider>
        {
            TestCode = """
                using Apie;

                public delegate bool Parser(string text, ref int position, out string token);

                public class Agent
                {
                    [ApieRun]
                    public bool Next(string text, ref int position, out string token)
                    {
                        token = text;
                        return true;
                    }

                    public Parser Create() => new Parser({|APIE0009:Next|});
                }
                """,
            FixedCode = """
                using Apie;

                public delegate bool Parser(string text, ref int position, out string token);

                public class Agent
                {
                    [ApieRun]
                    public bool Next(string text, ref int position, out string token)
                    {
                        token = text;
                        return true;
                    }

                    public Parser Create() => new Parser((string text, ref int position, out string token) => Next(text, ref position, out token));
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task ComputedReceiverOffersNoFix()
    {
        const string code = """
            using System.Collections.Generic;
            using Apie;

            public class Logger
            {
                [ApieRun]
                public void Log(string message)
                {
                }
            }

            public class Agent
            {
                private static Logger Create() => new Logger();

                public void LogAll(List<string> lines)
                {
                    lines.ForEach({|APIE0009:Create().Log|});
                }
            }
            """;
        var test = new ApieCodeFixTest<MethodGroupCodeFixProvider> { TestCode = code, FixedCode = code };

        await test.RunAsync();
    }

    [Fact]
    public async Task FixAllReplacesEveryMethodGroup()
    {
        var test = new ApieCodeFixTest<MethodGroupCodeFixProvider>
        {
            NumberOfFixAllIterations = 1,
            TestCode = """
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using Apie;

                public class Logger
                {
                    [ApieRun]
                    public void Log(string message)
                    {
                    }

                    [ApieRun]
                    public static int Score(string line) => line.Length;
                }

                public class Agent
                {
                    private readonly Logger _logger = new Logger();

                    public int Run(List<string> lines, string message)
                    {
                        lines.ForEach({|APIE0009:_logger.Log|});
                        Action<string> log = {|APIE0009:_logger.Log|};
                        return lines.Select({|APIE0009:Logger.Score|}).Sum();
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using Apie;

                public class Logger
                {
                    [ApieRun]
                    public void Log(string message)
                    {
                    }

                    [ApieRun]
                    public static int Score(string line) => line.Length;
                }

                public class Agent
                {
                    private readonly Logger _logger = new Logger();

                    public int Run(List<string> lines, string message)
                    {
                        lines.ForEach(message2 => _logger.Log(message2));
                        Action<string> log = message2 => _logger.Log(message2);
                        return lines.Select(line => Logger.Score(line)).Sum();
                    }
                }
                """,
        };

        await test.RunAsync();
    }
}
