using System;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Apie.Configuration;
using Apie.Queue;
using Apie.Recording;
using Apie.Serialization;
using Apie.Transport;

namespace Apie.Guardrails;

/// <summary>
/// The two requests a tool call sends the service before its body runs: what the guardrails decide, and, in
/// enforce mode, whether a human approved. Both are sent directly, not through the outbound queue, because
/// the call waits for them; each request is bounded by the request timeout.
/// </summary>
internal sealed class GuardrailService
{
    private readonly ApieSettings _settings;
    private readonly IApieTransport _transport;
    private readonly AgentIdentity _agent;

    public GuardrailService(ApieSettings settings, IApieTransport transport, AgentIdentity agent)
    {
        _settings = settings;
        _transport = transport;
        _agent = agent;
    }

    /// <summary>The wait between two polls of an approval when the service has no wait endpoint.</summary>
    internal TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Asks <c>POST /v1/guardrails/evaluate</c>. Returns the decision, or the reason the request failed.</summary>
    public async Task<(GuardrailResponse? Decision, string? Failure)> EvaluateAsync(ToolDescription tool, string? runId, string? payloadSummary)
    {
        var body = new GuardrailRequest
        {
            AgentKey = _agent.Key,
            RunId = runId,
            Mode = _settings.Mode == ApieMode.Enforce ? "enforce" : "monitor",
            RiskLevel = tool.RiskLevel,
            Action = tool.WireAction(),
            Resource = tool.WireResource(),
            Tool = tool.WireTool(),
            Metadata = payloadSummary is null ? null : new System.Text.Json.Nodes.JsonObject { ["payload_summary"] = payloadSummary },
        };
        var request = new ApieRequest("POST", "/v1/guardrails/evaluate", JsonSerializer.SerializeToUtf8Bytes(body, ApieJsonContext.Default.GuardrailRequest));
        var response = await _transport.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            return (null, response.Describe());
        }

        // A body without any decision counts as a failed request, so guardFailureMode decides.
        var decision = OutboundItem.Read(response, ApieJsonContext.Default.GuardrailResponse);
        return decision is { PolicyDecision: not null } or { EffectiveDecision: not null }
            ? (decision, null)
            : (null, "a response without policy_decision or effective_decision");
    }

    /// <summary>
    /// Waits until the approval leaves <c>pending</c> or <paramref name="timeout"/> passes: long polls of
    /// <c>GET /v1/approvals/{id}/wait</c>, and plain polls of <c>GET /v1/approvals/{id}</c> when the wait endpoint
    /// fails. Returns the final status, or <c>timed_out</c>.
    /// </summary>
    public async Task<(string Status, string? ResolvedBy)> WaitForApprovalAsync(string approvalId, TimeSpan timeout)
    {
        // Every request is cut off at the deadline, so a service that keeps a request open cannot stretch the wait.
        using var deadline = new CancellationTokenSource(timeout);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var escaped = Uri.EscapeDataString(approvalId);
        var useWait = true;
        try
        {
            while (true)
            {
                ApprovalStatusResponse? answer;
                if (useWait)
                {
                    // One long poll asks the service to respond before the request timeout cuts it off.
                    var wait = TimeSpan.FromTicks(Math.Min((timeout - started.Elapsed).Ticks, _settings.Timeout.Ticks * 4 / 5));
                    var ms = Math.Max(1, (long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
                    var response = await _transport.SendAsync(new ApieRequest("GET", $"/v1/approvals/{escaped}/wait?timeout={ms}", null), deadline.Token).ConfigureAwait(false);
                    useWait = response.IsSuccess;
                    answer = response.IsSuccess ? OutboundItem.Read(response, ApieJsonContext.Default.ApprovalStatusResponse) : null;
                }
                else
                {
                    var response = await _transport.SendAsync(new ApieRequest("GET", $"/v1/approvals/{escaped}", null), deadline.Token).ConfigureAwait(false);
                    answer = response.IsSuccess ? OutboundItem.Read(response, ApieJsonContext.Default.ApprovalStatusResponse)?.Approval : null;
                }

                if (answer?.Status is { Length: > 0 } status && status != ApprovalStatus.Pending)
                {
                    return (status, answer.ResolvedBy);
                }

                deadline.Token.ThrowIfCancellationRequested();
                if (!useWait)
                {
                    await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return (ApprovalStatus.TimedOut, null);
        }
    }
}
