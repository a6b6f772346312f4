using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Apie.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>
/// Enforce-mode approvals: the tool waits on <c>GET /v1/approvals/{id}/wait</c>, runs only when a human approves,
/// and falls back to polling <c>GET /v1/approvals/{id}</c> when the wait endpoint fails.
/// </summary>
public sealed class ApprovalTests
{
    private const string ToolName = "payments.transfer";
    private const string Reason = "transfers need a second person";
    private const int BodyResult = 5;

    private static readonly string[] ApprovedEvents =
    [
        "agent.guardrail.evaluated", "agent.approval.requested", "agent.approval.resolved",
        "agent.tool.called", "agent.action.requested", "agent.action.completed",
    ];

    // A tool without an approval sends no call events. The run around it records the exception as agent.error.
    private static readonly string[] NotApprovedEvents =
        ["agent.guardrail.evaluated", "agent.approval.requested", "agent.approval.resolved", "agent.error"];

    [Fact]
    public async Task Approved_RunsBodyAfterResolution()
    {
        await using var harness = await StartEnforcingAsync();
        var client = harness.Client;
        var probe = new BodyProbe();

        var call = CallToolAsync(client, probe);
        var approvalId = await WaitForApprovalRequestAsync(harness.Server);

        // The tool is still waiting for a human.
        Assert.False(probe.Ran);
        Assert.False(call.IsCompleted);
        harness.Server.ResolveApproval(approvalId, "approved");

        Assert.Equal(BodyResult, await call);
        await client.FlushAsync();

        Assert.True(probe.Ran);
        var events = harness.Server.Events;
        Assert.Equal(ApprovedEvents, events.Select(e => e.Text("type")));

        var requested = events[1].GetProperty("approval");
        Assert.Equal(approvalId, requested.Text("approval_id"));
        Assert.Equal("pending", requested.Text("status"));
        Assert.False(requested.Has("resolved_by"));

        var resolved = events[2].GetProperty("approval");
        Assert.Equal(approvalId, resolved.Text("approval_id"));
        Assert.Equal("approved", resolved.Text("status"));

        // The loopback server names no reviewer, so the event names none either.
        Assert.False(resolved.Has("resolved_by"));

        var waits = ApprovalRequests(harness.Server).Where(r => r.Path == $"/v1/approvals/{approvalId}/wait").ToList();
        Assert.NotEmpty(waits);
        Assert.All(waits, wait => Assert.True(WaitTimeoutMilliseconds(wait) > 0, $"The wait request {wait.QueryString} has no positive timeout."));
        Assert.DoesNotContain(harness.Server.Requests, r => r.Path == $"/v1/approvals/{approvalId}");
    }

    [Theory]
    [InlineData("rejected")]
    [InlineData("expired")]
    public async Task NotApproved_ThrowsWithFinalStatus(string status)
    {
        await using var harness = await StartEnforcingAsync();
        var client = harness.Client;
        var probe = new BodyProbe();

        var call = CallToolAsync(client, probe);
        var approvalId = await WaitForApprovalRequestAsync(harness.Server);
        harness.Server.ResolveApproval(approvalId, status);

        var exception = await Assert.ThrowsAsync<ApieApprovalException>(() => call);
        await client.FlushAsync();

        Assert.False(probe.Ran);
        Assert.Equal(status, exception.Status);
        Assert.Equal(approvalId, exception.ApprovalId);
        Assert.Equal(ToolName, exception.ToolName);

        var events = harness.Server.Events;
        Assert.Equal(NotApprovedEvents, events.Select(e => e.Text("type")));
        var resolved = events[2].GetProperty("approval");
        Assert.Equal(approvalId, resolved.Text("approval_id"));
        Assert.Equal(status, resolved.Text("status"));
    }

    [Fact]
    public async Task ApprovalTimeout_ThrowsTimedOut()
    {
        var approvalTimeout = TimeSpan.FromMilliseconds(300);
        await using var harness = await StartEnforcingAsync(options => options.ApprovalTimeout = approvalTimeout);
        var client = harness.Client;
        var probe = new BodyProbe();

        var call = CallToolAsync(client, probe);
        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(5)));

        Assert.True(finished == call, "The tool still waited 5 s after a 300 ms approval timeout.");
        var exception = await Assert.ThrowsAsync<ApieApprovalException>(() => call);
        await client.FlushAsync();

        Assert.False(probe.Ran);
        Assert.Equal("timed_out", exception.Status);
        var approvalId = harness.Server.Requests.First(r => r.Path == "/v1/guardrails/evaluate").ResponseJson.GetProperty("approval_request").Text("id");
        Assert.Equal(approvalId, exception.ApprovalId);

        var events = harness.Server.Events;
        Assert.Equal(NotApprovedEvents, events.Select(e => e.Text("type")));
        var resolved = events[2].GetProperty("approval");
        Assert.Equal(approvalId, resolved.Text("approval_id"));
        Assert.Equal("timed_out", resolved.Text("status"));

        // No long poll requests a wait past the approval timeout.
        var waits = ApprovalRequests(harness.Server).Where(r => r.Path.EndsWith("/wait", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(waits);
        Assert.All(waits, wait => Assert.InRange(WaitTimeoutMilliseconds(wait), 1, (long)approvalTimeout.TotalMilliseconds));
    }

    /// <summary>
    /// The first approval request a waiting tool sends is the long poll, so a fault on the first request under
    /// <c>/v1/approvals/</c> fails exactly the wait endpoint. A status of 0 drops the connection, as the server
    /// records it.
    /// </summary>
    [Theory]
    [InlineData(503)]
    [InlineData(404)]
    [InlineData(0)]
    public async Task WaitEndpointFails_FallsBackToPolling(int faultStatus)
    {
        var fault = faultStatus == 0 ? InjectedFault.DropConnection() : InjectedFault.Status(faultStatus);
        await using var harness = await StartEnforcingAsync(
            prepareServer: server => server.InjectFault("GET", "/v1/approvals/", fault, times: 1));
        var client = harness.Client;
        var probe = new BodyProbe();

        var call = CallToolAsync(client, probe);
        var approvalId = await WaitForApprovalRequestAsync(harness.Server);
        var pollPath = $"/v1/approvals/{approvalId}";
        await harness.Server.WaitUntilAsync(server => server.Requests.Any(r => r.Path == pollPath && r.IsSuccess()), LoopbackHarness.WaitTimeout);

        Assert.False(probe.Ran);
        harness.Server.ResolveApproval(approvalId, "approved");
        Assert.Equal(BodyResult, await call);
        await client.FlushAsync();

        Assert.True(probe.Ran);
        var approvalRequests = ApprovalRequests(harness.Server);
        var first = approvalRequests[0];
        Assert.Equal($"/v1/approvals/{approvalId}/wait", first.Path);
        Assert.Equal(faultStatus, first.ResponseStatus);

        // After the failed long poll the client only polls the approval itself.
        var polls = approvalRequests.Skip(1).ToList();
        Assert.All(polls, poll => Assert.Equal(pollPath, poll.Path));
        Assert.True(polls.Count >= 2, $"Expected at least two polls, got {polls.Count}.");

        // Polls come about once a second, not in a tight loop.
        var gap = polls[1].ReceivedAt - polls[0].ReceivedAt;
        Assert.True(gap >= TimeSpan.FromMilliseconds(500), $"Two polls came {gap.TotalMilliseconds:0} ms apart.");

        var resolved = harness.Server.Events.Single(e => e.Text("type") == "agent.approval.resolved").GetProperty("approval");
        Assert.Equal("approved", resolved.Text("status"));
        Assert.Equal(approvalId, resolved.Text("approval_id"));
    }

    /// <summary>
    /// A service that keeps every approval request open must not stretch the approval timeout to the request
    /// timeout. The 2.5-second bound lies between the 300 ms approval timeout and the 4-second request timeout.
    /// </summary>
    [Fact]
    public async Task StalledService_EndsAtApprovalTimeout()
    {
        await using var harness = await StartEnforcingAsync(
            options =>
            {
                options.ApprovalTimeout = TimeSpan.FromMilliseconds(300);
                options.Timeout = TimeSpan.FromSeconds(4);
            },
            server => server.InjectFault("GET", "/v1/approvals/", InjectedFault.Delay(TimeSpan.FromSeconds(30))));
        var client = harness.Client;
        var probe = new BodyProbe();

        var call = CallToolAsync(client, probe);
        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(2.5)));

        Assert.True(finished == call, "The tool still waited 2.5 s after its 300 ms approval timeout while the service held the approval requests open.");
        var exception = await Assert.ThrowsAsync<ApieApprovalException>(() => call);
        Assert.Equal("timed_out", exception.Status);
        Assert.False(probe.Ran);
    }

    [Fact]
    public async Task ResolvedBy_CopiedFromService()
    {
        const string reviewer = "reviewer@example.com";
        var rewriter = new ResponseRewritingHandler(
            path => path.StartsWith("/v1/approvals/", StringComparison.Ordinal) && path.EndsWith("/wait", StringComparison.Ordinal),
            body => ResponseRewritingHandler.EditJson(body, json =>
            {
                if (json["status"]?.GetValue<string>() != "pending")
                {
                    json["resolved_by"] = reviewer;
                }
            }));
        using var http = rewriter.CreateClient();
        await using var harness = await StartEnforcingAsync(options => options.HttpClient = http);
        var client = harness.Client;

        var call = CallToolAsync(client, new BodyProbe());
        var approvalId = await WaitForApprovalRequestAsync(harness.Server);
        harness.Server.ResolveApproval(approvalId, "approved");
        await call;
        await client.FlushAsync();

        Assert.True(rewriter.Rewritten >= 1);
        var resolved = harness.Server.Events.Single(e => e.Text("type") == "agent.approval.resolved").GetProperty("approval");
        Assert.Equal(reviewer, resolved.Text("resolved_by"));
        Assert.Equal("approved", resolved.Text("status"));
    }

    [Fact]
    public async Task MissingApprovalRequest_ThrowsWithoutWaiting()
    {
        var rewriter = new ResponseRewritingHandler(
            path => path == "/v1/guardrails/evaluate",
            body => ResponseRewritingHandler.EditJson(body, json => json.Remove("approval_request")));
        using var http = rewriter.CreateClient();
        await using var harness = await StartEnforcingAsync(options => options.HttpClient = http);
        var client = harness.Client;
        var probe = new BodyProbe();

        var exception = await Assert.ThrowsAsync<ApieApprovalException>(() => CallToolAsync(client, probe));
        await client.FlushAsync();

        Assert.Equal(1, rewriter.Rewritten);
        Assert.False(probe.Ran);
        Assert.Null(exception.ApprovalId);
        Assert.NotEqual("approved", exception.Status);
        Assert.Empty(ApprovalRequests(harness.Server));
        Assert.DoesNotContain(harness.Server.Events, e => e.Text("type") == "agent.tool.called");
    }

    [Fact]
    public async Task MonitorMode_ProceedsWithoutWaiting()
    {
        await using var harness = await LoopbackHarness.StartAsync(
            options => options.Mode = ApieMode.Monitor,
            server => server.GuardrailRule = _ => new GuardrailVerdict("require_approval", Reason));
        var client = harness.Client;
        var probe = new BodyProbe();

        var result = await CallToolAsync(client, probe);
        await client.FlushAsync();

        Assert.Equal(BodyResult, result);
        Assert.True(probe.Ran);
        Assert.Empty(ApprovalRequests(harness.Server));
        Assert.DoesNotContain(harness.Server.Events, e => e.Text("type")!.StartsWith("agent.approval.", StringComparison.Ordinal));
        Assert.Contains(
            harness.Logs.MessagesAt(LogLevel.Warning),
            message => message.Contains(ToolName, StringComparison.Ordinal) && message.Contains("would require", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Starts an enforce-mode client whose guardrails require an approval for every tool. Events flush every
    /// 50 ms, so <c>agent.approval.requested</c> reaches the server while the tool still waits.
    /// </summary>
    private static Task<LoopbackHarness> StartEnforcingAsync(Action<ApieOptions>? configure = null, Action<LoopbackApieServer>? prepareServer = null)
        => LoopbackHarness.StartAsync(
            options =>
            {
                options.Mode = ApieMode.Enforce;
                options.FlushInterval = TimeSpan.FromMilliseconds(50);
                configure?.Invoke(options);
            },
            server =>
            {
                server.GuardrailRule = _ => new GuardrailVerdict("require_approval", Reason, "two-person-rule");
                prepareServer?.Invoke(server);
            });

    private static Task<int> CallToolAsync(ApieClient client, BodyProbe probe)
        => client.WithRunAsync(() => client.WithToolAsync(
            ToolName,
            () =>
            {
                probe.Ran = true;
                return Task.FromResult(BodyResult);
            },
            new ApieToolOptions { RiskLevel = RiskLevel.Critical, ActionType = "execute", ResourceType = "internal_api" }));

    /// <summary>Waits until the server has received <c>agent.approval.requested</c> and returns its approval id.</summary>
    private static async Task<string> WaitForApprovalRequestAsync(LoopbackApieServer server)
    {
        await server.WaitUntilAsync(s => s.Events.Any(IsApprovalRequested), LoopbackHarness.WaitTimeout);
        var approvalId = server.Events.First(IsApprovalRequested).GetProperty("approval").Text("approval_id");
        Assert.NotNull(approvalId);
        return approvalId;
    }

    private static bool IsApprovalRequested(JsonElement item) => item.Text("type") == "agent.approval.requested";

    private static List<RecordedRequest> ApprovalRequests(LoopbackApieServer server)
        => server.Requests.Where(r => r.Path.StartsWith("/v1/approvals/", StringComparison.Ordinal)).ToList();

    private static long WaitTimeoutMilliseconds(RecordedRequest wait)
    {
        const string prefix = "?timeout=";
        Assert.StartsWith(prefix, wait.QueryString, StringComparison.Ordinal);
        return long.Parse(wait.QueryString[prefix.Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Records whether the tool body ran.</summary>
    private sealed class BodyProbe
    {
        public bool Ran { get; set; }
    }
}
