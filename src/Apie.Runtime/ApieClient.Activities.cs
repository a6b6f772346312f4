using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Apie.Configuration;
using Apie.Context;
using Apie.Diagnostics;
using Apie.Guardrails;
using Apie.Queue;
using Apie.Recording;
using Apie.Serialization;
using Microsoft.Extensions.Logging;

namespace Apie;

// Tool calls, workflow steps and model calls: work that records events in a run. A tool call requests a
// guardrail decision first and, in enforce mode, may be stopped before its body runs.
public sealed partial class ApieClient
{
    // A service that keeps failing would otherwise log one warning per tool call.
    private readonly LogLimiter _guardWarnings = new(TimeSpan.FromSeconds(30));

    internal ApieScope StartToolScope(ToolDescription tool, string? payloadSummary)
        => OpenActivity(WorkKind.Tool, tool.Name, payloadSummary, tool: tool);

    internal ApieScope StartStepScope(StepDescription step, string? payloadSummary)
        => OpenActivity(WorkKind.WorkflowStep, step.Name ?? step.Key, payloadSummary, step: step);

    internal ApieScope StartLlmCallScope(LlmCallDescription call, string? inputSummary)
    {
        var described = new LlmCallDescription(call.Provider ?? Settings.ModelProvider, call.Model ?? Settings.ModelName);
        return OpenActivity(WorkKind.LlmCall, described.Model ?? "llm call", inputSummary, llmCall: described);
    }

    /// <summary>Describes a tool call with the client's name inference setting applied.</summary>
    internal ToolDescription DescribeTool(
        string name, string? provider, RiskLevel risk, string? actionType, string? actionName, string? resourceType, string? externalId, string? environment, bool guard)
        => ToolBoundary.Describe(
            name, provider, risk, actionType, actionName, resourceType, _redactor.RedactText(externalId), environment ?? Settings.Environment, guard, Settings.AutoInferFromToolNames);

    /// <summary>
    /// Opens an activity in the ambient run. Without one, the activity opens a run of its own, named by
    /// <paramref name="implicitRunSummary"/>, so that its events are never lost.
    /// </summary>
    private ApieScope OpenActivity(
        WorkKind kind,
        string implicitRunSummary,
        string? payloadSummary,
        ToolDescription? tool = null,
        StepDescription? step = null,
        LlmCallDescription? llmCall = null)
    {
        if (_dispatcher is null)
        {
            return ApieScope.Disabled;
        }

        try
        {
            var previous = AmbientContext.Current;
            var run = previous?.Run;
            var frame = previous;
            if (run is null)
            {
                run = OpenRun(new RunDescription(implicitRunSummary, null, null, null, null, null), previous);
                frame = run;
                AmbientContext.Current = frame;
            }

            var activity = new ActivityRecord(kind, run, ownsRun: frame != previous)
            {
                Tool = tool,
                Step = step,
                LlmCall = llmCall,
                PayloadSummary = _redactor.RedactText(payloadSummary),
            };

            Task<Exception?>? guard = null;
            if (tool is { Guard: true } && _synchronous)
            {
                // A client made by CreateForTesting decides on the caller's thread, through its in-memory transport.
                guard = DecideAsync(activity);
            }
            else if (tool is { Guard: true })
            {
                // The guardrail requests run without the caller's execution context, so other instrumentation
                // (an HttpClient trace, the caller's Activity) never records Apie's own calls as the caller's work.
                using (ExecutionContext.SuppressFlow())
                {
                    guard = Task.Run(() => DecideAsync(activity));
                }
            }
            else
            {
                Begin(activity);
            }

            var callerTelemetry = System.Diagnostics.Activity.Current;
            var telemetry = ApieTelemetry.StartActivity(activity);
            return new ApieScope(this, activity, guard, frame, previous, telemetry, callerTelemetry);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Apie could not record the start of a {Kind}; the call goes on without it.", kind);
            return ApieScope.Disabled;
        }
    }

    /// <summary>Sends the start events once the call may proceed.</summary>
    internal void Begin(ActivityRecord activity)
    {
        if (!activity.TryBegin())
        {
            return;
        }

        switch (activity.Kind)
        {
            case WorkKind.Tool:
                Emit("agent.tool.called", activity, null);
                Emit("agent.action.requested", activity, null);
                break;
            case WorkKind.WorkflowStep:
                Emit("agent.workflow.step.started", activity, null);
                break;
            default:
                Emit("agent.llm.called", activity, null);
                break;
        }
    }

    /// <summary>Sends the success event: <c>metadata.result</c> carries a tool's rendered result.</summary>
    internal void CompleteActivity(ActivityRecord activity, string? result, JsonObject? extra = null)
    {
        try
        {
            if (!activity.HasBegun || !activity.TryFinish())
            {
                return;
            }

            var metadata = extra ?? new JsonObject();
            metadata["duration_ms"] = Math.Round(activity.Elapsed.TotalMilliseconds, 3);
            if (result is not null)
            {
                metadata["result"] = result;
            }

            Emit(TypeOf(activity.Kind, succeeded: true), activity, metadata);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Apie could not record the end of a {Kind}; the call's result is unchanged.", activity.Kind);
        }
    }

    /// <summary>
    /// Sends the failure event and an <c>agent.error</c>. A call that never began, because a guardrail stopped
    /// it, sends neither; a cancellation sends no error event.
    /// </summary>
    internal void FailActivity(ActivityRecord activity, Exception exception)
    {
        try
        {
            if (!activity.HasBegun || !activity.TryFinish())
            {
                return;
            }

            var cancelled = exception is OperationCanceledException;
            var metadata = new JsonObject
            {
                ["duration_ms"] = Math.Round(activity.Elapsed.TotalMilliseconds, 3),
                ["error_type"] = exception.GetType().FullName,
            };
            if (cancelled)
            {
                metadata["cancelled"] = true;
            }

            Emit(TypeOf(activity.Kind, succeeded: false), activity, metadata, new WireError { Message = exception.Message });
            if (!cancelled && TryMarkReported(exception))
            {
                CaptureError(exception, activity.Run, activity.Run.Session);
            }
        }
        catch (Exception failure)
        {
            _logger.LogError(failure, "Apie could not record a failed {Kind}; the original exception is unchanged.", activity.Kind);
        }
    }

    private static string TypeOf(WorkKind kind, bool succeeded) => kind switch
    {
        WorkKind.Tool => succeeded ? "agent.action.completed" : "agent.action.failed",
        WorkKind.WorkflowStep => succeeded ? "agent.workflow.step.completed" : "agent.workflow.step.failed",
        _ => succeeded ? "agent.llm.completed" : "agent.llm.failed",
    };

    /// <summary>
    /// Asks the guardrails and applies the decision table. Completes with null when the call may proceed, or
    /// with the exception that stops it; never faults.
    /// </summary>
    private async Task<Exception?> DecideAsync(ActivityRecord activity)
    {
        var tool = activity.Tool!;
        Exception? outcome;
        try
        {
            // The request names the run, whose id the background sender may still be fetching. While the service
            // fails, the id will not come, so the decision is asked for at once, without it.
            if (activity.Run.ServerId is null && _dispatcher is { IsHealthy: true })
            {
                _dispatcher.Wake();
                await activity.Run.WaitForServerIdAsync(TimeSpan.FromTicks(Settings.Timeout.Ticks / 2)).ConfigureAwait(false);
            }
            var (decision, failure) = await _guardrails!.EvaluateAsync(tool, activity.Run.ServerId, activity.PayloadSummary).ConfigureAwait(false);
            outcome = decision is null
                ? OnGuardFailure(activity, failure!)
                : await ApplyDecisionAsync(activity, decision).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            outcome = OnGuardFailure(activity, $"{exception.GetType().Name}: {exception.Message}");
        }

        if (outcome is null)
        {
            Begin(activity);
        }

        return outcome;
    }

    private async Task<Exception?> ApplyDecisionAsync(ActivityRecord activity, GuardrailResponse decision)
    {
        var tool = activity.Tool!;
        var enforce = Settings.Mode == ApieMode.Enforce;
        var policy = decision.PolicyDecision;

        // Without an effective decision, monitor mode never stops a call.
        var effective = decision.EffectiveDecision
                        ?? (!enforce && policy is GuardrailDecisions.Block or GuardrailDecisions.RequireApproval ? GuardrailDecisions.Allow : policy)
                        ?? GuardrailDecisions.Allow;
        var matched = decision.MatchedGuardrails?.Select(match => match.Key).OfType<string>().ToArray() ?? Array.Empty<string>();

        var metadata = new JsonObject();
        AddIfSet(metadata, "decision_id", decision.DecisionId);
        AddIfSet(metadata, "receipt_id", decision.ReceiptId);
        if (matched.Length > 0)
        {
            metadata["matched_guardrails"] = new JsonArray(matched.Select(key => (JsonNode?)JsonValue.Create(key)).ToArray());
        }

        EmitDecision(activity, policy, effective, decision.EnforcementAction, decision.Mode, decision.Reason, metadata);

        var reason = decision.Reason is null ? "" : $": {decision.Reason}";
        switch (effective)
        {
            case GuardrailDecisions.Allow:
                LogWouldStop(tool, policy, enforce, reason);
                return null;
            case GuardrailDecisions.Warn:
                _logger.LogWarning("An Apie guardrail warns about the tool '{Tool}'{Reason}. The call proceeds.", tool.Name, reason);
                return null;
            case GuardrailDecisions.Block when enforce:
                _logger.LogWarning("An Apie guardrail blocked the tool '{Tool}'{Reason}.", tool.Name, reason);
                return new ApieGuardrailBlockedException(tool.Name, decision.DecisionId, decision.Reason, matched);
            case GuardrailDecisions.RequireApproval when enforce:
                return await AwaitApprovalAsync(activity, decision.ApprovalRequest?.Id, decision.DecisionId).ConfigureAwait(false);
            case GuardrailDecisions.Block:
            case GuardrailDecisions.RequireApproval:
                LogWouldStop(tool, effective, enforce, reason);
                return null;
            default:
                _logger.LogWarning("Apie received the unknown guardrail decision '{Decision}' for the tool '{Tool}'; the call proceeds.", effective, tool.Name);
                return null;
        }
    }

    private void LogWouldStop(ToolDescription tool, string? policy, bool enforce, string reason)
    {
        if (enforce)
        {
            return;
        }

        if (policy == GuardrailDecisions.Block)
        {
            _logger.LogWarning("Monitor mode: an Apie guardrail would block the tool '{Tool}'{Reason}. The call proceeds.", tool.Name, reason);
        }
        else if (policy == GuardrailDecisions.RequireApproval)
        {
            _logger.LogWarning("Monitor mode: the tool '{Tool}' would require approval{Reason}. The call proceeds.", tool.Name, reason);
        }
    }

    /// <summary>Applies <c>guardFailureMode</c> when the guardrail request itself failed.</summary>
    private Exception? OnGuardFailure(ActivityRecord activity, string failure)
    {
        var tool = activity.Tool!;
        var enforce = Settings.Mode == ApieMode.Enforce;
        var failureMode = Settings.GuardFailureMode;
        var blocks = failureMode == ApieGuardFailureMode.FailClosed && enforce;
        var reason = $"guardrail evaluation failed: {failure}";
        var metadata = new JsonObject
        {
            ["guard_failure"] = true,
            ["guard_failure_mode"] = ConfigurationValues.GuardFailureModes.First(pair => pair.Value == failureMode).Key,
        };

        var effective = failureMode == ApieGuardFailureMode.Throw || blocks ? GuardrailDecisions.Block : GuardrailDecisions.Allow;
        EmitDecision(activity, null, effective, effective == GuardrailDecisions.Block ? "block" : "proceed", null, reason, metadata);

        switch (failureMode)
        {
            case ApieGuardFailureMode.Throw:
                return new ApieException($"Apie could not evaluate the guardrails for the tool '{tool.Name}' ({failure}), and guardFailureMode is throw, so the call did not run. Use fail_open to let calls proceed while the service fails.");
            case ApieGuardFailureMode.FailClosed when enforce:
                _logger.LogWarning("Apie could not evaluate the guardrails for the tool '{Tool}' ({Failure}); guardFailureMode fail_closed blocks the call.", tool.Name, failure);
                return new ApieGuardrailBlockedException(tool.Name, null, reason, Array.Empty<string>());
            case ApieGuardFailureMode.FailClosed:
                _logger.LogWarning("Monitor mode: Apie could not evaluate the guardrails for the tool '{Tool}' ({Failure}); fail_closed would block it. The call proceeds.", tool.Name, failure);
                return null;
            default:
                if (_guardWarnings.TryEnter("fail_open:" + tool.Name, out var suppressed))
                {
                    _logger.LogWarning(
                        "Apie could not evaluate the guardrails for the tool '{Tool}' ({Failure}); the call proceeds under guardFailureMode fail_open.{Suppressed}",
                        tool.Name,
                        failure,
                        suppressed > 0 ? $" {suppressed} similar warnings were suppressed." : "");
                }

                return null;
        }
    }

    private async Task<Exception?> AwaitApprovalAsync(ActivityRecord activity, string? approvalId, string? decisionId)
    {
        var tool = activity.Tool!;
        var requested = new JsonObject();
        AddIfSet(requested, "decision_id", decisionId);
        Emit("agent.approval.requested", activity, requested, approval: new WireApproval { ApprovalId = approvalId, Status = ApprovalStatus.Pending });
        if (approvalId is null)
        {
            _logger.LogWarning("The guardrail decision for the tool '{Tool}' requires approval but names no approval request; the call does not run.", tool.Name);
            Emit("agent.approval.resolved", activity, null, approval: new WireApproval { Status = ApprovalStatus.Missing });
            return new ApieApprovalException(tool.Name, null, ApprovalStatus.Missing);
        }

        _logger.LogInformation("The tool '{Tool}' waits up to {Timeout} for the approval {ApprovalId}.", tool.Name, Settings.ApprovalTimeout, approvalId);
        var (status, resolvedBy) = await _guardrails!.WaitForApprovalAsync(approvalId, Settings.ApprovalTimeout).ConfigureAwait(false);
        Emit("agent.approval.resolved", activity, null, approval: new WireApproval { ApprovalId = approvalId, Status = status, ResolvedBy = resolvedBy });
        return status == ApprovalStatus.Approved ? null : new ApieApprovalException(tool.Name, approvalId, status);
    }

    private void EmitDecision(ActivityRecord activity, string? policy, string effective, string? action, string? mode, string? reason, JsonObject metadata)
    {
        var wireDecision = new WireDecision
        {
            PolicyDecision = policy,
            EffectiveDecision = effective,
            EnforcementAction = action,
            Mode = mode ?? (Settings.Mode == ApieMode.Enforce ? "enforce" : "monitor"),
            Reason = reason,
        };
        Emit("agent.guardrail.evaluated", activity, metadata, decision: wireDecision);
    }

    /// <summary>Builds an event of the activity, with its tool, step or model fields, and queues it.</summary>
    private void Emit(string type, ActivityRecord activity, JsonObject? metadata, WireError? error = null, WireDecision? decision = null, WireApproval? approval = null)
    {
        var run = activity.Run;
        var wire = NewEvent(type, run, run.Session);
        wire.PayloadSummary = activity.PayloadSummary;
        wire.Error = error;
        wire.Decision = decision;
        wire.Approval = approval;
        if (activity.Tool is { } tool)
        {
            wire.Tool = tool.WireTool();
            wire.Action = tool.WireAction();
            wire.Resource = tool.WireResource();
        }

        if (activity.Step is { } step)
        {
            wire.StepKey = step.Key;
            wire.StepName = step.Name;
            wire.StepIndex = step.Index;
        }

        if (activity.LlmCall is { } llmCall)
        {
            metadata ??= new JsonObject();
            AddIfSet(metadata, "provider", llmCall.Provider);
            AddIfSet(metadata, "model", llmCall.Model);
        }

        wire.Metadata = metadata;
        Enqueue(wire, run, run.Session);
    }

    private static void AddIfSet(JsonObject target, string key, string? value)
    {
        if (value is not null)
        {
            target[key] = value;
        }
    }
}

/// <summary>The guardrail decisions of the protocol.</summary>
internal static class GuardrailDecisions
{
    public const string Allow = "allow";
    public const string Warn = "warn";
    public const string Block = "block";
    public const string RequireApproval = "require_approval";
}
