using System;
using System.Linq;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// Executes generated wrappers against the loopback Apie server: what the wrapped method returns and throws,
/// and which requests reach the service, for every return shape and both marking ways.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class WrapperBehaviourTests
{
    public static TheoryData<string, bool> ShapesAndWays
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var shape in ShapeSources.All)
            {
                data.Add(shape.Name, false);
                data.Add(shape.Name, true);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ShapesAndWays))]
    public async Task SuccessRecordsCompletedRun(string shapeName, bool partial)
    {
        var shape = ShapeSources.All.Single(s => s.Name == shapeName);
        var assembly = CompiledAssembly.Build(partial ? ShapeSources.Partial(shape) : ShapeSources.WithBody(shape));
        await using var apie = await LoopbackClient.StartAsync();

        var returned = await assembly.CallAsync("Shop.Agents.Scenario", "RunAsync");

        var expected = shape.Name switch
        {
            "Value" => (object?)4,
            "TaskOfT" or "ValueTaskOfT" => "A-12",
            _ => null,
        };
        Assert.Equal(expected, returned);

        var requests = await apie.RecordedAsync();
        Assert.Equal(new[] { "POST /v1/runs", "POST /v1/runs/{id}/complete" }, requests.Select(Route));
        Assert.Equal("Handle A-1", requests[0].Json.GetProperty("input_summary").GetString());
        Assert.Equal($"/v1/runs/{LoopbackClient.CreatedId(requests[0])}/complete", requests[1].Path);

        var completion = requests[1].Json;
        Assert.Equal("completed", completion.GetProperty("status").GetString());
        var expectedSummary = shape.Name switch
        {
            "Void" => "done 2",
            "Value" => "4",
            "TaskOfT" => "4 chars",
            "ValueTaskOfT" => "A-12",
            _ => "done",
        };
        Assert.Equal(expectedSummary, completion.GetProperty("metadata").GetProperty("outputSummary").GetString());
    }

    private static string Route(Apie.Testing.RecordedRequest request)
    {
        var segments = request.Path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].StartsWith("run_", StringComparison.Ordinal) || segments[i].StartsWith("ses_", StringComparison.Ordinal))
            {
                segments[i] = "{id}";
            }
        }

        return request.Method + " " + string.Join("/", segments);
    }
}
