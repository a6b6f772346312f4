using System.Linq;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// Containers and names that could trip generated code: overloads sharing a name, a partial type spread over
/// files, default interface members, namespaces and types named like <c>System</c> or <c>Apie</c>, and calls
/// with dynamic arguments, which the compiler binds at run time and so cannot intercept.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class ContainerBehaviourTests
{
    private const string FirstFile = """
        using System.Threading.Tasks;
        using Apie;

        namespace Shop.System
        {
            public class Apie
            {
                public string Name { get; set; } = "apie";
            }

            public partial class Register
            {
                [ApieRun("Scan {code}")]
                public int Scan(int code) => code + 1;

                [ApieRun("Scan {code}")]
                public string Scan(string code) => code + "!";

                [ApieRun("Scan {code} x{count}")]
                public int Scan(int code, int count) => code * count;

                [ApieRun("Name {apie.Name}")]
                public string Name(Apie apie) => apie.Name.ToUpperInvariant();
            }
        }
        """;

    private const string SecondFile = """
        using System.Threading.Tasks;
        using Apie;

        namespace Shop.System
        {
            public partial class Register
            {
                [ApieRun("Close {day}")]
                public partial Task<int> CloseAsync(int day);

                private async Task<int> CloseAsyncCore(int day)
                {
                    await Task.Yield();
                    return day * 100;
                }

                [ApieRun("Dynamic {value}")]
                public partial int Dynamic(int value);

                private int DynamicCore(int value) => value - 1;

                [ApieRun("Plain {value}")]
                public int Plain(int value) => value - 2;
            }

            public interface IGreeter
            {
                [ApieRun("Greet {name}")]
                string Greet(string name) => "hello " + name;
            }

            public sealed class Greeter : IGreeter
            {
            }

            public static class Scenario
            {
                public static async Task<string> RunAsync()
                {
                    var register = new Register();
                    var scanned = register.Scan(1) + "," + register.Scan("a") + "," + register.Scan(2, 3);
                    var named = register.Name(new Apie());
                    var closed = await register.CloseAsync(2);
                    IGreeter greeter = new Greeter();
                    var greeted = greeter.Greet("Ada");

                    // Dynamic arguments bind at run time: the partial method still records, the other cannot.
                    dynamic number = 10;
                    int dynamicPartial = register.Dynamic(number);
                    int dynamicPlain = register.Plain(number);

                    return string.Join("|", scanned, named, closed, greeted, dynamicPartial, dynamicPlain);
                }
            }
        }
        """;

    [Fact]
    public async Task ContainersAndNamesKeepBehaviour()
    {
        var assembly = CompiledAssembly.Build(FirstFile, SecondFile);
        await using var apie = await LoopbackClient.StartAsync();

        var returned = await assembly.CallAsync("Shop.System.Scenario", "RunAsync");

        Assert.Equal("2,a!,6|APIE|200|hello Ada|9|8", returned);

        var requests = await apie.RecordedAsync();
        var summaries = requests.Where(r => r.Path == "/v1/runs").Select(r => LoopbackClient.String(r.Json, "input_summary")).ToList();
        LoopbackClient.AssertSameItems(new[] { "Scan 1", "Scan a", "Scan 2 x3", "Name apie", "Close 2", "Greet Ada", "Dynamic 10" }, summaries);
    }
}
