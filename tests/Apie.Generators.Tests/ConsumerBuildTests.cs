using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// The same attributed source, built by MSBuild into a .NET Standard 2.0 and .NET Framework 4.7.2 library at
/// C# 7.3 and into a net10.0 library at the latest version, both with warnings as errors. The build itself is
/// the first check; this test then runs both and requires the same results and the same request sequence.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class ConsumerBuildTests
{
    [Theory]
    [InlineData("Apie.Consumer.Legacy")]
    [InlineData("Apie.Consumer.Latest")]
    public async Task ConsumerRunsAndRecords(string assemblyName)
    {
        var (returned, routes) = await RunAsync(assemblyName);

        Assert.Equal("33|11|ba|7|out of stock", returned);
        LoopbackClient.AssertSameItems(ExpectedRoutes, routes);
    }

    [Fact]
    public void LegacyConsumerTargetsNetStandard()
    {
        var assembly = Assembly.Load("Apie.Consumer.Legacy");
        var framework = assembly.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>();

        Assert.Equal(".NETStandard,Version=v2.0", framework?.FrameworkName);
        Assert.Null(assembly.GetType("System.Runtime.CompilerServices.NullableAttribute"));
    }

    [Theory]
    [InlineData("Apie.Consumer.Legacy")]
    [InlineData("Apie.Consumer.Latest")]
    public void GeneratedTypesStayHiddenFromScans(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        var generated = assembly.GetTypes().Where(type => type.Namespace == "Apie.Generated").ToList();

        Assert.NotEmpty(generated);
        Assert.All(generated, type => Assert.False(type.IsPublic, $"{type} is public"));
        Assert.All(generated, type => Assert.True(type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)), $"{type} lacks [CompilerGenerated]"));
        Assert.All(generated, type => Assert.Empty(type.GetInterfaces()));
        Assert.DoesNotContain(assembly.GetExportedTypes(), type => type.Namespace is not null && type.Namespace.StartsWith("Apie", StringComparison.Ordinal));
        Assert.DoesNotContain(assembly.GetExportedTypes(), type => type.Name == "InterceptsLocationAttribute");
    }

    private static readonly string[] ExpectedRoutes =
    {
        "POST /v1/sessions",
        "POST /v1/sessions/{id}/runs", "POST /v1/runs/{id}/complete",
        "POST /v1/sessions/{id}/runs", "POST /v1/runs/{id}/complete",
        "POST /v1/sessions/{id}/runs", "POST /v1/runs/{id}/complete",
        "POST /v1/sessions/{id}/runs", "POST /v1/runs/{id}/complete",
        "POST /v1/sessions/{id}/complete",
        "POST /v1/runs", "POST /v1/runs/{id}/complete",
        "POST /v1/runs", "POST /v1/runs/{id}/complete",
        "POST /v1/runs", "POST /v1/runs/{id}/complete",
        "POST /v1/runs", "POST /v1/runs/{id}/complete",
        "POST /v1/runs", "POST /v1/events", "POST /v1/runs/{id}/complete",
    };

    private static async Task<(object? Returned, IReadOnlyList<string> Routes)> RunAsync(string assemblyName)
    {
        await using var apie = await LoopbackClient.StartAsync();
        var scenario = Assembly.Load(assemblyName).GetType("Consumers.Scenario", throwOnError: true)!;

        var task = (Task<string>)scenario.GetMethod("RunAsync")!.Invoke(null, null)!;
        var returned = await task;

        var requests = await apie.RecordedAsync();
        return (returned, requests.Select(Route).ToList());
    }

    private static string Route(Apie.Testing.RecordedRequest request)
    {
        var segments = request.Path.Split('/')
            .Select(segment => segment.StartsWith("run_", StringComparison.Ordinal) || segment.StartsWith("ses_", StringComparison.Ordinal) ? "{id}" : segment);
        return request.Method + " " + string.Join("/", segments);
    }
}
