using System;
using System.Linq;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Apie.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>
/// What <c>guardFailureMode</c> does when <c>POST /v1/guardrails/evaluate</c> fails: fail_open proceeds,
/// fail_closed blocks in enforce mode only, and throw raises <see cref="ApieException"/> in both modes.
/// </summary>
public sealed class GuardFailureModeTests
{
    private const string ToolName = "crm.update_contact";
    private const string EvaluatePath = "/v1/guardrails/evaluate";
    private const int BodyResult = 11;

    /// <summary>How the evaluate request fails.</summary>
    public enum FailureKind
    {
        /// <summary>The server responds with 503.</summary>
        Status503,

        /// <summary>The server responds with 400.</summary>
        Status400,

        /// <summary>The server aborts the connection without a response.</summary>
        DropConnection,

        /// <summary>The server responds with 200 and an HTML body instead of a decision.</summary>
        NonJsonBody,

        /// <summary>The server responds with 200 and a JSON object that contains no decision.</summary>
        EmptyDecision,
    }

    public static TheoryData<ApieGuardFailureMode, ApieMode, FailureKind> FailureCases
    {
        get
        {
            var cases = new TheoryData<ApieGuardFailureMode, ApieMode, FailureKind>();
            foreach (var failureMode in Enum.GetValues<ApieGuardFailureMode>())
            {
                foreach (var mode in Enum.GetValues<ApieMode>())
                {
                    foreach (var kind in Enum.GetValues<FailureKind>())
                    {
                        cases.Add(failureMode, mode, kind);
                    }
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(FailureCases))]
    public async Task FailedEvaluation_AppliesGuardFailureMode(ApieGuardFailureMode failureMode, ApieMode mode, FailureKind kind)
    {
        var rewriter = kind switch
        {
            FailureKind.NonJsonBody => new ResponseRewritingHandler(path => path == EvaluatePath, _ => "<html><body>502 Bad Gateway</body></html>", "text/html"),
            FailureKind.EmptyDecision => new ResponseRewritingHandler(path => path == EvaluatePath, _ => "{}"),
            _ => null,
        };
        using var http = rewriter?.CreateClient();
        await using var harness = await LoopbackHarness.StartAsync(
            options =>
            {
                options.Mode = mode;
                options.GuardFailureMode = failureMode;
                options.HttpClient = http;
            },
            server => InjectFailure(server, kind));
        var client = harness.Client;
        var ran = false;

        var call = client.WithRunAsync(() => client.WithToolAsync(
            ToolName,
            () =>
            {
                ran = true;
                return Task.FromResult(BodyResult);
            }));
        var caught = await Record.ExceptionAsync(() => call);
        await client.FlushAsync();

        // The request really reached the server and failed the expected way.
        var evaluate = harness.Server.Requests.First(r => r.Path == EvaluatePath);
        Assert.Equal(ExpectedStatus(kind), evaluate.ResponseStatus);

        var stops = failureMode == ApieGuardFailureMode.Throw
                    || (failureMode == ApieGuardFailureMode.FailClosed && mode == ApieMode.Enforce);
        Assert.Equal(!stops, ran);
        if (failureMode == ApieGuardFailureMode.Throw)
        {
            // Exactly ApieException: a failed request is not a guardrail decision.
            var thrown = Assert.IsType<ApieException>(caught);
            Assert.Contains(ToolName, thrown.Message, StringComparison.Ordinal);
        }
        else if (stops)
        {
            var blocked = Assert.IsType<ApieGuardrailBlockedException>(caught);
            Assert.Equal(ToolName, blocked.ToolName);
            Assert.Null(blocked.DecisionId);
            Assert.Empty(blocked.MatchedGuardrails);
        }
        else
        {
            Assert.Null(caught);
            Assert.Equal(BodyResult, await call);
        }

        var events = harness.Server.Events;
        var evaluated = Assert.Single(events, e => e.Text("type") == "agent.guardrail.evaluated");
        var metadata = evaluated.GetProperty("metadata");
        Assert.True(metadata.GetProperty("guard_failure").GetBoolean());
        Assert.Equal(WireName(failureMode), metadata.Text("guard_failure_mode"));
        var decision = evaluated.GetProperty("decision");
        Assert.False(decision.Has("policyDecision"));
        Assert.Equal(stops ? "block" : "allow", decision.Text("effectiveDecision"));
        Assert.Equal(mode == ApieMode.Enforce ? "enforce" : "monitor", decision.Text("mode"));
        Assert.False(string.IsNullOrEmpty(decision.Text("reason")));

        if (stops)
        {
            Assert.DoesNotContain(events, e => e.Text("type") == "agent.tool.called");
        }
        else
        {
            Assert.Contains(events, e => e.Text("type") == "agent.action.completed");
        }

        var warnings = harness.Logs.MessagesAt(LogLevel.Warning).Where(message => message.Contains(ToolName, StringComparison.Ordinal)).ToList();
        var wouldBlock = warnings.Where(message => message.Contains("would block", StringComparison.OrdinalIgnoreCase)).ToList();
        if (failureMode == ApieGuardFailureMode.FailOpen)
        {
            Assert.Single(warnings);
            Assert.Empty(wouldBlock);
        }
        else if (failureMode == ApieGuardFailureMode.FailClosed && mode == ApieMode.Monitor)
        {
            Assert.Single(wouldBlock);
        }
        else
        {
            Assert.Empty(wouldBlock);
        }
    }

    [Fact]
    public async Task DefaultMode_FailsOpen()
    {
        await using var harness = await LoopbackHarness.StartAsync(
            options => options.Mode = ApieMode.Enforce,
            server => server.InjectFault("POST", EvaluatePath, InjectedFault.Status(503)));
        var client = harness.Client;

        var result = await client.WithRunAsync(() => client.WithToolAsync(ToolName, () => Task.FromResult(BodyResult)));
        await client.FlushAsync();

        Assert.Equal(BodyResult, result);
        var evaluated = Assert.Single(harness.Server.Events, e => e.Text("type") == "agent.guardrail.evaluated");
        Assert.Equal("fail_open", evaluated.GetProperty("metadata").Text("guard_failure_mode"));
        Assert.Contains(harness.Logs.MessagesAt(LogLevel.Warning), message => message.Contains(ToolName, StringComparison.Ordinal));
    }

    /// <summary>
    /// An evaluate request that gets no response ends at the request timeout, so the call returns long before the
    /// server's 30-second delay. The 5-second bound only catches a client that waits for the server.
    /// </summary>
    [Theory]
    [InlineData(ApieGuardFailureMode.FailOpen)]
    [InlineData(ApieGuardFailureMode.FailClosed)]
    [InlineData(ApieGuardFailureMode.Throw)]
    public async Task EvaluateTimeout_ReturnsWithinBound(ApieGuardFailureMode failureMode)
    {
        await using var harness = await LoopbackHarness.StartAsync(
            options =>
            {
                options.Mode = ApieMode.Enforce;
                options.GuardFailureMode = failureMode;
                options.Timeout = TimeSpan.FromMilliseconds(200);
            },
            server => server.InjectFault("POST", EvaluatePath, InjectedFault.Delay(TimeSpan.FromSeconds(30))));
        var client = harness.Client;
        var ran = false;

        var call = client.WithRunAsync(() => client.WithToolAsync(
            ToolName,
            () =>
            {
                ran = true;
                return Task.FromResult(BodyResult);
            }));
        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(5)));

        Assert.True(finished == call, "The tool still waited 5 s for an evaluate request with a 200 ms timeout.");
        var caught = await Record.ExceptionAsync(() => call);
        switch (failureMode)
        {
            case ApieGuardFailureMode.FailOpen:
                Assert.Null(caught);
                Assert.True(ran);
                break;
            case ApieGuardFailureMode.FailClosed:
                Assert.IsType<ApieGuardrailBlockedException>(caught);
                Assert.False(ran);
                break;
            default:
                Assert.IsType<ApieException>(caught);
                Assert.False(ran);
                break;
        }

        await client.FlushAsync();
        var evaluated = Assert.Single(harness.Server.Events, e => e.Text("type") == "agent.guardrail.evaluated");
        Assert.True(evaluated.GetProperty("metadata").GetProperty("guard_failure").GetBoolean());
    }

    private static void InjectFailure(LoopbackApieServer server, FailureKind kind)
    {
        switch (kind)
        {
            case FailureKind.Status503:
                server.InjectFault("POST", EvaluatePath, InjectedFault.Status(503));
                break;
            case FailureKind.Status400:
                server.InjectFault("POST", EvaluatePath, InjectedFault.Status(400));
                break;
            case FailureKind.DropConnection:
                server.InjectFault("POST", EvaluatePath, InjectedFault.DropConnection());
                break;
            case FailureKind.NonJsonBody:
            case FailureKind.EmptyDecision:
                // The client-side handler replaces the body of the server's normal response.
                break;
        }
    }

    private static int ExpectedStatus(FailureKind kind) => kind switch
    {
        FailureKind.Status503 => 503,
        FailureKind.Status400 => 400,
        FailureKind.DropConnection => 0,
        _ => 200,
    };

    private static string WireName(ApieGuardFailureMode failureMode) => failureMode switch
    {
        ApieGuardFailureMode.FailOpen => "fail_open",
        ApieGuardFailureMode.FailClosed => "fail_closed",
        _ => "throw",
    };
}
