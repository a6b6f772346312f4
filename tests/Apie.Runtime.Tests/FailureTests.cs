using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Context;
using Apie.Runtime.Tests.Support;
using Apie.Testing;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>Where a failing body throws, relative to its first <c>await</c>.</summary>
public enum ThrowPoint
{
    /// <summary>The delegate itself throws, so no task is ever returned.</summary>
    Synchronously,

    /// <summary>An async body throws before it awaits, so the returned task is already faulted.</summary>
    BeforeFirstAwait,

    /// <summary>An async body throws after it has yielded once.</summary>
    AfterAwait,
}

public sealed class FailureTests
{
    public static readonly TheoryData<ThrowPoint> ThrowPoints = new() { ThrowPoint.Synchronously, ThrowPoint.BeforeFirstAwait, ThrowPoint.AfterAwait };

    [Theory]
    [MemberData(nameof(ThrowPoints))]
    public async Task WithRunAsync_BodyThrows_FailsRunAndRethrows(ThrowPoint point)
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var failure = new InvalidOperationException("lookup failed");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Client.WithRunAsync(Throwing<int>(failure, point)));
        Assert.Null(AmbientContext.Current);
        await harness.Client.FlushAsync();

        Assert.Same(failure, thrown);
        var requests = harness.Server.Requests;
        Assert.All(requests, request => Assert.True(request.IsSuccess(), $"{request.Line()} got {request.ResponseStatus}"));
        var completion = Assert.Single(requests, IsRunCompletion);
        var runId = completion.Segment(2);
        Assert.Equal("failed", completion.Json.Text("status"));
        var metadata = completion.Json.GetProperty("metadata");
        Assert.Equal(typeof(InvalidOperationException).FullName, metadata.Text("error_type"));
        Assert.False(metadata.Has("cancelled"));

        var error = Assert.Single(harness.Server.ErrorEvents());
        AssertErrorEvent(error, failure);
        Assert.Equal(runId, error.Text("run_id"));
        Assert.False(error.Has("session_id"));
        Assert.Equal(1, error.GetProperty("sequence_number").GetInt64());
        var eventsRequest = Assert.Single(requests, request => request.Path == "/v1/events");
        Assert.True(eventsRequest.Index < completion.Index, "The error event must be sent before the run completion.");
    }

    [Theory]
    [MemberData(nameof(ThrowPoints))]
    public async Task WithSessionAsync_BodyThrows_FailsSessionAndRethrows(ThrowPoint point)
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var failure = new InvalidOperationException("routing failed");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Client.WithSessionAsync(Throwing<string>(failure, point)));
        Assert.Null(AmbientContext.Current);
        await harness.Client.FlushAsync();

        Assert.Same(failure, thrown);
        var requests = harness.Server.Requests;
        Assert.All(requests, request => Assert.True(request.IsSuccess(), $"{request.Line()} got {request.ResponseStatus}"));
        var completion = Assert.Single(requests, IsSessionCompletion);
        var sessionId = completion.Segment(2);
        Assert.Equal("failed", completion.Json.Text("status"));
        Assert.Equal(typeof(InvalidOperationException).FullName, completion.Json.GetProperty("metadata").Text("error_type"));

        var error = Assert.Single(harness.Server.ErrorEvents());
        AssertErrorEvent(error, failure);
        Assert.Equal(sessionId, error.Text("session_id"));
        Assert.False(error.Has("run_id"));
        Assert.False(error.Has("sequence_number"));
        Assert.Equal(1, error.GetProperty("session_sequence_number").GetInt64());
    }

    [Fact]
    public async Task TaskOverloads_BodyThrows_Rethrow()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;
        var failure = new FormatException("bad ticket");

        var thrown = await Assert.ThrowsAsync<FormatException>(() => client.WithSessionAsync(() => client.WithRunAsync(async () =>
        {
            await Task.Yield();
            throw failure;
        })));
        await client.FlushAsync();

        Assert.Same(failure, thrown);
        var requests = harness.Server.Requests;
        Assert.Equal("failed", Assert.Single(requests, IsRunCompletion).Json.Text("status"));
        Assert.Equal("failed", Assert.Single(requests, IsSessionCompletion).Json.Text("status"));
    }

    [Theory]
    [MemberData(nameof(ThrowPoints))]
    public async Task RunInSession_Throws_SendsOneErrorEvent(ThrowPoint point)
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;
        var failure = new InvalidOperationException("tool call failed");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => client.WithSessionAsync(() => client.WithRunAsync(Throwing<int>(failure, point))));
        await client.FlushAsync();

        Assert.Same(failure, thrown);
        var requests = harness.Server.Requests;
        var runCompletion = Assert.Single(requests, IsRunCompletion);
        var sessionCompletion = Assert.Single(requests, IsSessionCompletion);
        Assert.Equal("failed", runCompletion.Json.Text("status"));
        Assert.Equal("failed", sessionCompletion.Json.Text("status"));

        // One exception is one error, so the session it passes through must not report it a second time.
        var error = Assert.Single(harness.Server.ErrorEvents());
        AssertErrorEvent(error, failure);
        Assert.Equal(runCompletion.Segment(2), error.Text("run_id"));
        Assert.Equal(sessionCompletion.Segment(2), error.Text("session_id"));
    }

    [Theory]
    [MemberData(nameof(ThrowPoints))]
    public async Task RunInSession_Cancelled_SendsNoError(ThrowPoint point)
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;
        var cancellation = new OperationCanceledException("stopped by the caller");

        var thrown = await Assert.ThrowsAsync<OperationCanceledException>(() => client.WithSessionAsync(() => client.WithRunAsync(Throwing<int>(cancellation, point))));
        await client.FlushAsync();

        Assert.Same(cancellation, thrown);
        var requests = harness.Server.Requests;
        Assert.All(requests, request => Assert.True(request.IsSuccess(), $"{request.Line()} got {request.ResponseStatus}"));
        var runCompletion = Assert.Single(requests, IsRunCompletion).Json;
        Assert.Equal("failed", runCompletion.Text("status"));
        Assert.True(runCompletion.GetProperty("metadata").GetProperty("cancelled").GetBoolean());
        var sessionCompletion = Assert.Single(requests, IsSessionCompletion).Json;
        Assert.Equal("cancelled", sessionCompletion.Text("status"));
        Assert.Empty(harness.Server.ErrorEvents());
        Assert.DoesNotContain(requests, request => request.Path == "/v1/events");
    }

    [Theory]
    [MemberData(nameof(ThrowPoints))]
    public async Task FailedSession_RestoresAmbientContext(ThrowPoint point)
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;
        var failure = new InvalidOperationException("session failed");

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.WithSessionAsync(() => client.WithRunAsync(Throwing<int>(failure, point))));
        Assert.Null(AmbientContext.Current);
        var after = await client.WithRunAsync(() => Task.FromResult("after"));
        await client.FlushAsync();

        Assert.Equal("after", after);
        var creations = harness.Server.Requests.Where(request => request.Path.EndsWith("/runs", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, creations.Count);

        // The run after the session is independent of it, so the two creations may arrive in either order.
        Assert.Single(creations, request => request.Path.StartsWith("/v1/sessions/", StringComparison.Ordinal));
        var standalone = Assert.Single(creations, request => request.Path == "/v1/runs");
        Assert.True(standalone.IsSuccess());
    }

    private static bool IsRunCompletion(RecordedRequest request)
        => request.Path.StartsWith("/v1/runs/", StringComparison.Ordinal) && request.Path.EndsWith("/complete", StringComparison.Ordinal);

    private static bool IsSessionCompletion(RecordedRequest request)
        => request.Path.StartsWith("/v1/sessions/", StringComparison.Ordinal) && request.Path.EndsWith("/complete", StringComparison.Ordinal);

    private static void AssertErrorEvent(JsonElement error, Exception failure)
    {
        Assert.Equal(failure.Message, error.GetProperty("error").Text("message"));
        var stack = error.GetProperty("error").Text("stack");
        Assert.NotNull(stack);
        Assert.Contains(nameof(FailureTests), stack, StringComparison.Ordinal);
        Assert.True(Guid.TryParse(error.Text("event_id"), out _), $"event_id '{error.Text("event_id")}' is not a UUID.");
        Assert.True(DateTimeOffset.TryParse(error.Text("timestamp"), out _), $"timestamp '{error.Text("timestamp")}' is not a date.");
        Assert.Equal(LoopbackHarness.AgentKey, error.Text("agent_key"));
    }

    /// <summary>Returns a body that throws <paramref name="exception"/> at <paramref name="point"/>.</summary>
    private static Func<Task<T>> Throwing<T>(Exception exception, ThrowPoint point) => point switch
    {
        ThrowPoint.Synchronously => () => throw exception,
        ThrowPoint.BeforeFirstAwait => async () =>
        {
            if (exception is not null)
            {
                throw exception;
            }

            await Task.Yield();
            return default!;
        },
        _ => async () =>
        {
            await Task.Yield();
            throw exception;
        },
    };
}
