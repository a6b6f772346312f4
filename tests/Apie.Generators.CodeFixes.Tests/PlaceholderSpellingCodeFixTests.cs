using System.Threading.Tasks;
using Xunit;

namespace Apie.Generators.CodeFixes.Tests;

public sealed class PlaceholderSpellingCodeFixTests
{
    [Fact]
    public async Task MisspelledRootTakesSuggestion()
    {
        var test = new ApieCodeFixTest<PlaceholderSpellingCodeFixProvider>
        {
            TestCode = """
                using Apie;

                public class Agent
                {
                    [ApieRun("Search {|APIE0004:{querry}|}")]
                    public void Search(string query)
                    {
                    }
                }
                """,
            FixedCode = """
                using Apie;

                public class Agent
                {
                    [ApieRun("Search {query}")]
                    public void Search(string query)
                    {
                    }
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task MemberPathKeepsItsMembers()
    {
        var test = new ApieCodeFixTest<PlaceholderSpellingCodeFixProvider>
        {
            TestCode = """
                using Apie;

                public class Agent
                {
                    [ApieRun(OutputSummary = "Read {|APIE0004:{ tiket .Id}|} as {result}")]
                    public int Read(Ticket ticket) => ticket.Id;
                }

                public class Ticket
                {
                    public int Id { get; set; }
                }
                """,
            FixedCode = """
                using Apie;

                public class Agent
                {
                    [ApieRun(OutputSummary = "Read { ticket .Id} as {result}")]
                    public int Read(Ticket ticket) => ticket.Id;
                }

                public class Ticket
                {
                    public int Id { get; set; }
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task DistantNameOffersNoFix()
    {
        const string code = """
            using Apie;

            public class Agent
            {
                [ApieRun("Search {|APIE0004:{document}|}")]
                public void Search(string query)
                {
                }
            }
            """;
        var test = new ApieCodeFixTest<PlaceholderSpellingCodeFixProvider> { TestCode = code, FixedCode = code };

        await test.RunAsync();
    }

    [Fact]
    public async Task MisspelledMemberOffersNoFix()
    {
        const string code = """
            using Apie;

            public class Agent
            {
                [ApieRun("Search {|APIE0004:{query.Lenght}|}")]
                public void Search(string query)
                {
                }
            }
            """;
        var test = new ApieCodeFixTest<PlaceholderSpellingCodeFixProvider> { TestCode = code, FixedCode = code };

        await test.RunAsync();
    }

    [Fact]
    public async Task EscapedLiteralOffersNoFix()
    {
        const string code = """
            using Apie;

            public class Agent
            {
                [ApieRun({|APIE0004:"Search\t{querry}"|})]
                public void Search(string query)
                {
                }
            }
            """;
        var test = new ApieCodeFixTest<PlaceholderSpellingCodeFixProvider> { TestCode = code, FixedCode = code };

        await test.RunAsync();
    }

    [Theory]
    [InlineData(TargetFramework.Net100)]
    [InlineData(TargetFramework.Net80)]
    public async Task FixAllFixesEveryPlaceholder(TargetFramework framework)
    {
        var test = new ApieCodeFixTest<PlaceholderSpellingCodeFixProvider>(framework)
        {
            NumberOfFixAllIterations = 1,
            TestCode = """
                using Apie;

                public class Agent
                {
                    [ApieRun("Search {|APIE0004:{querry}|} in {|APIE0004:{scpe}|}", OutputSummary = "{|APIE0004:{querry}|} gave {result}")]
                    public int Search(string query, string scope) => 1;
                }
                """,
            FixedCode = """
                using Apie;

                public class Agent
                {
                    [ApieRun("Search {query} in {scope}", OutputSummary = "{query} gave {result}")]
                    public int Search(string query, string scope) => 1;
                }
                """,
        };

        await test.RunAsync();
    }
}
