using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>
/// The <c>Apie</c> <see cref="ActivitySource"/>: sessions, runs, tool calls, steps and model calls appear as activities
/// nested under the caller's, and the caller's <see cref="Activity.Current"/> is restored after each call.
/// </summary>
public sealed class ActivityTests : IDisposable
{
    private readonly ActivitySource _callerSource = new("Apie.Runtime.Tests.ActivityCaller");
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public ActivityTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Apie" or "Apie.Runtime.Tests.ActivityCaller",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _stopped.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task NestedCalls_FormOneTreeUnderTheCaller()
    {
        await using var harness = await LoopbackHarness.StartAsync(options => options.Model.Name = "claude-sonnet");
        var client = harness.Client;

        using var caller = _callerSource.StartActivity("caller.request")!;
        await client.WithSessionAsync(() => client.WithRunAsync(async () =>
        {
            Assert.Equal("invoke_agent " + LoopbackHarness.AgentName, Activity.Current!.DisplayName);
            await client.WithToolAsync("kb.search", () =>
            {
                Assert.Equal("execute_tool kb.search", Activity.Current!.DisplayName);
                return Task.FromResult(3);
            });
            await client.WithWorkflowStepAsync("triage", () => Task.FromResult(1));
            return await client.WithLlmCallAsync(() => Task.FromResult("reply"));
        }), new ApieSessionOptions { Kind = SessionKind.Pipeline });

        Assert.Same(caller, Activity.Current);
        var tree = _stopped.Where(a => a.TraceId == caller.TraceId && a.Source.Name == "Apie").ToList();
        var session = Assert.Single(tree, a => a.DisplayName == "apie.session pipeline");
        var run = Assert.Single(tree, a => a.DisplayName.StartsWith("invoke_agent ", StringComparison.Ordinal));
        var tool = Assert.Single(tree, a => a.DisplayName == "execute_tool kb.search");
        var step = Assert.Single(tree, a => a.DisplayName == "apie.workflow_step triage");
        var model = Assert.Single(tree, a => a.DisplayName == "chat claude-sonnet");

        Assert.Equal(caller.SpanId, session.ParentSpanId);
        Assert.Equal(session.SpanId, run.ParentSpanId);
        Assert.Equal(run.SpanId, tool.ParentSpanId);
        Assert.Equal(run.SpanId, step.ParentSpanId);
        Assert.Equal(run.SpanId, model.ParentSpanId);
        Assert.All(tree, a => Assert.Equal(ActivityStatusCode.Ok, a.Status));
        Assert.Equal("execute_tool", tool.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("kb.search", tool.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("invoke_agent", run.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(LoopbackHarness.AgentName, run.GetTagItem("gen_ai.agent.name"));
        Assert.Equal("claude-sonnet", model.GetTagItem("gen_ai.request.model"));
    }

    [Fact]
    public async Task FailedTool_EndsItsActivityWithTheError()
    {
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        using var caller = _callerSource.StartActivity("caller.request")!;
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.WithRunAsync(() => client.WithToolAsync<int>(
            "billing.refund",
            () => throw new InvalidOperationException("declined"))));

        Assert.Same(caller, Activity.Current);
        var tool = Assert.Single(_stopped, a => a.TraceId == caller.TraceId && a.DisplayName == "execute_tool billing.refund");
        Assert.Equal(ActivityStatusCode.Error, tool.Status);
        Assert.Equal("declined", tool.StatusDescription);
        Assert.Contains(tool.Events, e => e.Name == "exception");
        var run = Assert.Single(_stopped, a => a.TraceId == caller.TraceId && a.DisplayName.StartsWith("invoke_agent ", StringComparison.Ordinal));
        Assert.Equal(ActivityStatusCode.Error, run.Status);
    }

    [Fact]
    public async Task WithoutListener_NoApieActivityIsCreated()
    {
        _listener.Dispose();
        await using var harness = await LoopbackHarness.StartAsync();
        var client = harness.Client;

        Activity? seen = null;
        await client.WithRunAsync(() =>
        {
            seen = Activity.Current;
            return Task.FromResult(1);
        });

        Assert.Null(seen);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _callerSource.Dispose();
    }
}
