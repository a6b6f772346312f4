using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Apie.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>
/// The guardrail decision table: what allow, warn, block and require_approval do to a tool call in monitor and
/// enforce mode, and what the client does when the service leaves <c>effective_decision</c> out.
/// </summary>
public sealed class GuardrailDecisionTests
{
    private const string ToolName = "billing.refund";
    private const string Reason = "refunds above 500 need a manager";
    private const string GuardrailKey = "refund-limit";
    private const string EvaluatePath = "/v1/guardrails/evaluate";
    private const int BodyResult = 7;

    private static readonly string[] ProceedEvents =
        ["agent.guardrail.evaluated", "agent.tool.called", "agent.action.requested", "agent.action.completed"];

    private static readonly string[] ApprovedEvents =
    [
        "agent.guardrail.evaluated", "agent.approval.requested", "agent.approval.resolved",
        "agent.tool.called", "agent.action.requested", "agent.action.completed",
    ];

    // A stopped tool sends only the decision. The run around it records the exception as agent.error.
    private static readonly string[] StoppedEvents = ["agent.guardrail.evaluated", "agent.error"];

    /// <summary>The warning a row of the decision table logs.</summary>
    public enum ExpectedLog
    {
        /// <summary>No warning names the tool.</summary>
        None,

        /// <summary>A warning names the tool and the reason and does not mention what would happen.</summary>
        Warning,

        /// <summary>A warning states that the guardrail would block the tool.</summary>
        WouldBlock,

        /// <summary>A warning states that the tool would require an approval.</summary>
        WouldRequireApproval,

        /// <summary>The call really stopped or waited, so no warning mentions what would happen.</summary>
        NoHypothetical,
    }

    /// <summary>
    /// The protocol's decision table. Effective is the decision the service reports for the mode: monitor mode
    /// turns block and require_approval into allow.
    /// </summary>
    public static TheoryData<string, ApieMode, string, string, ExpectedLog> DecisionTable => new()
    {
        { "allow", ApieMode.Monitor, "allow", "proceed", ExpectedLog.None },
        { "warn", ApieMode.Monitor, "warn", "warn", ExpectedLog.Warning },
        { "block", ApieMode.Monitor, "allow", "proceed", ExpectedLog.WouldBlock },
        { "require_approval", ApieMode.Monitor, "allow", "proceed", ExpectedLog.WouldRequireApproval },
        { "allow", ApieMode.Enforce, "allow", "proceed", ExpectedLog.None },
        { "warn", ApieMode.Enforce, "warn", "warn", ExpectedLog.Warning },
        { "block", ApieMode.Enforce, "block", "block", ExpectedLog.NoHypothetical },
        { "require_approval", ApieMode.Enforce, "require_approval", "wait_for_approval", ExpectedLog.None },
    };

    [Theory]
    [MemberData(nameof(DecisionTable))]
    public async Task Decision_AppliesTableRow(string decision, ApieMode mode, string effective, string enforcementAction, ExpectedLog expectedLog)
    {
        await using var harness = await LoopbackHarness.StartAsync(
            options => options.Mode = mode,
            server => server.GuardrailRule = _ => new GuardrailVerdict(decision, Reason, GuardrailKey));
        var client = harness.Client;
        var probe = new BodyProbe();
        var waitsForApproval = mode == ApieMode.Enforce && decision == "require_approval";
        var blocks = mode == ApieMode.Enforce && decision == "block";

        var call = CallToolAsync(client, probe);
        if (waitsForApproval)
        {
            var approvalId = await WaitForApprovalIdAsync(harness.Server);
            harness.Server.ResolveApproval(approvalId, "approved");
        }

        var caught = await Record.ExceptionAsync(() => call);
        await client.FlushAsync();

        var evaluate = Assert.Single(harness.Server.Requests, r => r.Path == EvaluatePath);
        Assert.Equal(ModeName(mode), evaluate.Json.Text("mode"));
        var response = evaluate.ResponseJson;

        if (blocks)
        {
            Assert.False(probe.Ran);
            var blocked = Assert.IsType<ApieGuardrailBlockedException>(caught);
            Assert.Equal(ToolName, blocked.ToolName);
            Assert.Equal(Reason, blocked.Reason);
            Assert.Equal([GuardrailKey], blocked.MatchedGuardrails);
            Assert.Equal(response.Text("decision_id"), blocked.DecisionId);
        }
        else
        {
            Assert.Null(caught);
            Assert.True(probe.Ran);
            Assert.Equal(BodyResult, await call);
        }

        var events = harness.Server.Events;
        Assert.Equal(ExpectedEvents(blocks, waitsForApproval), events.Select(e => e.Text("type")));

        var evaluated = events[0];
        var sent = evaluated.GetProperty("decision");
        Assert.Equal(decision, sent.Text("policyDecision"));
        Assert.Equal(effective, sent.Text("effectiveDecision"));
        Assert.Equal(enforcementAction, sent.Text("enforcementAction"));
        Assert.Equal(ModeName(mode), sent.Text("mode"));
        Assert.Equal(Reason, sent.Text("reason"));

        // The event carries the values the service returned, not values of the client's own.
        Assert.Equal(response.Text("effective_decision"), sent.Text("effectiveDecision"));
        Assert.Equal(response.Text("enforcement_action"), sent.Text("enforcementAction"));
        Assert.Equal(response.Text("decision_id"), evaluated.GetProperty("metadata").Text("decision_id"));
        Assert.Equal(response.Text("receipt_id"), evaluated.GetProperty("metadata").Text("receipt_id"));

        AssertLogged(harness.Logs, expectedLog);
        if (!waitsForApproval)
        {
            Assert.DoesNotContain(harness.Server.Requests, r => r.Path.StartsWith("/v1/approvals/", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Responses without <c>effective_decision</c>: monitor mode treats block and require_approval as allow, and
    /// enforce mode applies <c>policy_decision</c>.
    /// </summary>
    [Theory]
    [InlineData("allow", ApieMode.Monitor, "allow", ExpectedLog.None)]
    [InlineData("warn", ApieMode.Monitor, "warn", ExpectedLog.Warning)]
    [InlineData("block", ApieMode.Monitor, "allow", ExpectedLog.WouldBlock)]
    [InlineData("require_approval", ApieMode.Monitor, "allow", ExpectedLog.WouldRequireApproval)]
    [InlineData("allow", ApieMode.Enforce, "allow", ExpectedLog.None)]
    [InlineData("warn", ApieMode.Enforce, "warn", ExpectedLog.Warning)]
    [InlineData("block", ApieMode.Enforce, "block", ExpectedLog.NoHypothetical)]
    [InlineData("require_approval", ApieMode.Enforce, "require_approval", ExpectedLog.None)]
    public async Task MissingEffectiveDecision_FallsBackByMode(string policyDecision, ApieMode mode, string effective, ExpectedLog expectedLog)
    {
        var rewriter = new ResponseRewritingHandler(
            path => path == EvaluatePath,
            body => ResponseRewritingHandler.EditJson(body, json => json.Remove("effective_decision")));
        using var http = rewriter.CreateClient();
        await using var harness = await LoopbackHarness.StartAsync(
            options =>
            {
                options.Mode = mode;
                options.HttpClient = http;
            },
            server => server.GuardrailRule = _ => new GuardrailVerdict(policyDecision, Reason, GuardrailKey));
        var client = harness.Client;
        var probe = new BodyProbe();
        var waitsForApproval = mode == ApieMode.Enforce && policyDecision == "require_approval";
        var blocks = mode == ApieMode.Enforce && policyDecision == "block";

        var call = CallToolAsync(client, probe);
        if (waitsForApproval)
        {
            var approvalId = await WaitForApprovalIdAsync(harness.Server);
            harness.Server.ResolveApproval(approvalId, "approved");
        }

        var caught = await Record.ExceptionAsync(() => call);
        await client.FlushAsync();

        Assert.Equal(1, rewriter.Rewritten);
        if (blocks)
        {
            Assert.IsType<ApieGuardrailBlockedException>(caught);
            Assert.False(probe.Ran);
        }
        else
        {
            Assert.Null(caught);
            Assert.True(probe.Ran);
        }

        var events = harness.Server.Events;
        Assert.Equal(ExpectedEvents(blocks, waitsForApproval), events.Select(e => e.Text("type")));
        var sent = events[0].GetProperty("decision");
        Assert.Equal(policyDecision, sent.Text("policyDecision"));
        Assert.Equal(effective, sent.Text("effectiveDecision"));
        Assert.Equal(ModeName(mode), sent.Text("mode"));
        AssertLogged(harness.Logs, expectedLog);
    }

    /// <summary>A service that reports an effective block or approval in monitor mode still never stops the call.</summary>
    [Theory]
    [InlineData("block", "block", ExpectedLog.WouldBlock)]
    [InlineData("require_approval", "wait_for_approval", ExpectedLog.WouldRequireApproval)]
    public async Task MonitorMode_EffectiveStop_StillProceeds(string decision, string enforcementAction, ExpectedLog expectedLog)
    {
        var rewriter = new ResponseRewritingHandler(
            path => path == EvaluatePath,
            body => ResponseRewritingHandler.EditJson(body, json =>
            {
                json["effective_decision"] = decision;
                json["enforcement_action"] = enforcementAction;
            }));
        using var http = rewriter.CreateClient();
        await using var harness = await LoopbackHarness.StartAsync(
            options =>
            {
                options.Mode = ApieMode.Monitor;
                options.HttpClient = http;
            },
            server => server.GuardrailRule = _ => new GuardrailVerdict(decision, Reason, GuardrailKey));
        var client = harness.Client;
        var probe = new BodyProbe();

        var result = await CallToolAsync(client, probe);
        await client.FlushAsync();

        Assert.Equal(1, rewriter.Rewritten);
        Assert.Equal(BodyResult, result);
        Assert.True(probe.Ran);
        Assert.Equal(ProceedEvents, harness.Server.Events.Select(e => e.Text("type")));
        Assert.Equal(decision, harness.Server.Events[0].GetProperty("decision").Text("effectiveDecision"));
        Assert.DoesNotContain(harness.Server.Requests, r => r.Path.StartsWith("/v1/approvals/", StringComparison.Ordinal));
        AssertLogged(harness.Logs, expectedLog);
    }

    private static Task<int> CallToolAsync(ApieClient client, BodyProbe probe)
        => client.WithRunAsync(() => client.WithToolAsync(
            ToolName,
            () =>
            {
                probe.Ran = true;
                return Task.FromResult(BodyResult);
            },
            new ApieToolOptions { RiskLevel = RiskLevel.High, ActionType = "update", ResourceType = "payment" }));

    /// <summary>Waits for the evaluate response and returns the approval id it created.</summary>
    internal static async Task<string> WaitForApprovalIdAsync(LoopbackApieServer server)
    {
        await server.WaitUntilAsync(s => s.Requests.Any(r => r.Path == EvaluatePath && r.IsSuccess()), LoopbackHarness.WaitTimeout);
        var evaluate = server.Requests.First(r => r.Path == EvaluatePath && r.IsSuccess());
        var approvalId = evaluate.ResponseJson.GetProperty("approval_request").Text("id");
        Assert.NotNull(approvalId);
        return approvalId;
    }

    private static string[] ExpectedEvents(bool blocks, bool waitsForApproval)
    {
        if (blocks)
        {
            return StoppedEvents;
        }

        return waitsForApproval ? ApprovedEvents : ProceedEvents;
    }

    private static string ModeName(ApieMode mode) => mode == ApieMode.Enforce ? "enforce" : "monitor";

    private static void AssertLogged(RecordingLoggerFactory logs, ExpectedLog expected)
    {
        var warnings = logs.MessagesAt(LogLevel.Warning).Where(message => message.Contains(ToolName, StringComparison.Ordinal)).ToList();
        var wouldBlock = warnings.Where(message => message.Contains("would block", StringComparison.OrdinalIgnoreCase)).ToList();
        var wouldRequireApproval = warnings
            .Where(message => message.Contains("would require", StringComparison.OrdinalIgnoreCase) && message.Contains("approval", StringComparison.OrdinalIgnoreCase))
            .ToList();

        switch (expected)
        {
            case ExpectedLog.None:
                Assert.Empty(warnings);
                break;
            case ExpectedLog.Warning:
                var warning = Assert.Single(warnings);
                Assert.Contains(Reason, warning, StringComparison.Ordinal);
                Assert.DoesNotContain("would", warning, StringComparison.OrdinalIgnoreCase);
                break;
            case ExpectedLog.WouldBlock:
                var wouldBlockWarning = Assert.Single(wouldBlock);
                Assert.Contains(Reason, wouldBlockWarning, StringComparison.Ordinal);
                Assert.Empty(wouldRequireApproval);
                break;
            case ExpectedLog.WouldRequireApproval:
                var wouldRequireWarning = Assert.Single(wouldRequireApproval);
                Assert.Contains(Reason, wouldRequireWarning, StringComparison.Ordinal);
                Assert.Empty(wouldBlock);
                break;
            case ExpectedLog.NoHypothetical:
                Assert.Empty(wouldBlock);
                Assert.Empty(wouldRequireApproval);
                break;
        }
    }

    /// <summary>Records whether the tool body ran.</summary>
    private sealed class BodyProbe
    {
        public bool Ran { get; set; }
    }
}

/// <summary>
/// An HTTP handler between the client and the loopback server that replaces the body of successful responses to
/// matching paths, so a test can send the runtime a response the server does not produce.
/// </summary>
internal sealed class ResponseRewritingHandler : DelegatingHandler
{
    private readonly Func<string, bool> _matchesPath;
    private readonly Func<string, string> _rewrite;
    private readonly string _mediaType;
    private int _rewritten;

    /// <param name="matchesPath">Selects the request paths, such as <c>/v1/guardrails/evaluate</c>, whose responses change.</param>
    /// <param name="rewrite">Returns the new body for the server's body.</param>
    /// <param name="mediaType">The content type of the new body.</param>
    public ResponseRewritingHandler(Func<string, bool> matchesPath, Func<string, string> rewrite, string mediaType = "application/json")
        : base(new SocketsHttpHandler())
    {
        _matchesPath = matchesPath;
        _rewrite = rewrite;
        _mediaType = mediaType;
    }

    /// <summary>The number of responses replaced so far.</summary>
    public int Rewritten => Volatile.Read(ref _rewritten);

    /// <summary>Returns <paramref name="json"/>, a JSON object, after <paramref name="edit"/> changed it.</summary>
    public static string EditJson(string json, Action<JsonObject> edit)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        edit(body);
        return body.ToJsonString();
    }

    /// <summary>Creates an HTTP client over this handler without a client-wide timeout, as the runtime expects.</summary>
    public HttpClient CreateClient() => new(this) { Timeout = Timeout.InfiniteTimeSpan };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode || !_matchesPath(request.RequestUri!.AbsolutePath))
        {
            return response;
        }

        var original = response.Content;
        var body = await original.ReadAsStringAsync(cancellationToken);
        response.Content = new StringContent(_rewrite(body), Encoding.UTF8, _mediaType);
        original.Dispose();
        Interlocked.Increment(ref _rewritten);
        return response;
    }
}
