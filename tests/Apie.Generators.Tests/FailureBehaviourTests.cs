using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Generators.Tests.Infrastructure;
using Xunit;

namespace Apie.Generators.Tests;

/// <summary>
/// A wrapped method throws exactly what it would throw unwrapped: the same object, at the same moment, with
/// its stack trace, reported once as <c>agent.error</c> and completing the run as failed.
/// </summary>
[Collection(CurrentClientCollection.Name)]
public sealed class FailureBehaviourTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SynchronousThrowStaysSynchronous(bool partial)
    {
        var assembly = CompiledAssembly.Build(FailureSources.Worker(partial));
        await using var apie = await LoopbackClient.StartAsync();

        var caught = (Exception?)assembly.Call("Failing.Scenario", "CallSynchronousThrow");

        Assert.NotNull(caught);
        Assert.Same(assembly.Read("Failing.Worker", "Thrown"), caught);
        Assert.Contains("ThrowsSynchronously", caught!.StackTrace, StringComparison.Ordinal);
        await AssertFailedOnceAsync(apie, "value must not be negative (Parameter 'value')");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThrowBeforeFirstAwaitFaultsTask(bool partial)
    {
        var assembly = CompiledAssembly.Build(FailureSources.Worker(partial));
        await using var apie = await LoopbackClient.StartAsync();

        var caught = (Exception?)await assembly.CallAsync("Failing.Scenario", "AwaitBeforeAwaitThrow");

        Assert.NotNull(caught);
        Assert.Same(assembly.Read("Failing.Worker", "Thrown"), caught);
        Assert.Contains("ThrowsBeforeAwaitAsync", caught!.StackTrace, StringComparison.Ordinal);
        await AssertFailedOnceAsync(apie, "failed before the first await");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThrowAfterAwaitFaultsTask(bool partial)
    {
        var assembly = CompiledAssembly.Build(FailureSources.Worker(partial));
        await using var apie = await LoopbackClient.StartAsync();

        var caught = (Exception?)await assembly.CallAsync("Failing.Scenario", "AwaitAfterAwaitThrow");

        Assert.NotNull(caught);
        Assert.Same(assembly.Read("Failing.Worker", "Thrown"), caught);
        Assert.Contains("ThrowsAfterAwaitAsync", caught!.StackTrace, StringComparison.Ordinal);
        await AssertFailedOnceAsync(apie, "failed after an await 7");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SynchronousMethodThrowIsUnchanged(bool partial)
    {
        var assembly = CompiledAssembly.Build(FailureSources.Worker(partial));
        await using var apie = await LoopbackClient.StartAsync();

        var caught = (Exception?)assembly.Call("Failing.Scenario", "CallSyncThrow");

        Assert.Same(assembly.Read("Failing.Worker", "Thrown"), caught);
        Assert.Contains("ThrowsFromSync", caught!.StackTrace, StringComparison.Ordinal);
        await AssertFailedOnceAsync(apie, "not a number: x");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CancellationFailsRunWithoutError(bool partial)
    {
        var assembly = CompiledAssembly.Build(FailureSources.Worker(partial));
        await using var apie = await LoopbackClient.StartAsync();

        var caught = (Exception?)await assembly.CallAsync("Failing.Scenario", "AwaitCancellation");

        Assert.IsAssignableFrom<OperationCanceledException>(caught);
        var requests = await apie.RecordedAsync();
        Assert.Empty(apie.Server.Events);
        var completion = Assert.Single(requests, r => r.Path.EndsWith("/complete", StringComparison.Ordinal)).Json;
        Assert.Equal("failed", completion.GetProperty("status").GetString());
        Assert.True(completion.GetProperty("metadata").GetProperty("cancelled").GetBoolean());
    }

    /// <summary>Asserts one run, one <c>agent.error</c> event for it with the message, and a failed completion after the event.</summary>
    private static async Task AssertFailedOnceAsync(LoopbackClient apie, string message)
    {
        var requests = await apie.RecordedAsync();
        var creation = Assert.Single(requests, r => r.Path == "/v1/runs");
        var runId = LoopbackClient.CreatedId(creation);

        var error = Assert.Single(apie.Server.Events);
        Assert.Equal("agent.error", LoopbackClient.String(error, "type"));
        Assert.Equal(runId, LoopbackClient.String(error, "run_id"));
        Assert.Equal(1, error.GetProperty("sequence_number").GetInt32());
        Assert.Equal(message, error.GetProperty("error").GetProperty("message").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetProperty("stack").GetString()));

        var completion = Assert.Single(requests, r => r.Path == $"/v1/runs/{runId}/complete");
        var eventsRequest = Assert.Single(requests, r => r.Path == "/v1/events");
        Assert.True(eventsRequest.Index < completion.Index, "the error event must reach the service before the run completion");
        Assert.Equal("failed", completion.Json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, completion.Json.GetProperty("metadata").GetProperty("error_type").ValueKind);
    }
}
