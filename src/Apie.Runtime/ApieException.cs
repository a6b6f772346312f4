using System;
using System.Collections.Generic;

namespace Apie;

/// <summary>An error the Apie runtime throws on purpose.</summary>
public class ApieException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public ApieException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ApieException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Invalid configuration, naming the field and the source it came from.</summary>
public sealed class ApieConfigurationException : ApieException
{
    /// <summary>Creates the exception for one field.</summary>
    /// <param name="field">The configuration field, as named in <c>apie.config.json</c>, such as <c>baseUrl</c>.</param>
    /// <param name="source">Where the value came from, such as <c>the APIE_BASE_URL environment variable</c>.</param>
    /// <param name="problem">What is wrong and how to fix it.</param>
    /// <param name="innerException">The error that caused it, if any.</param>
    public ApieConfigurationException(string field, string source, string problem, Exception? innerException = null)
        : this($"Invalid Apie configuration: '{field}' from {source} {problem}", (field, source), innerException)
    {
    }

    private ApieConfigurationException(string message, (string Field, string Source) origin, Exception? innerException)
        : base(message, innerException)
    {
        Field = origin.Field;
        Source = origin.Source;
    }

    /// <summary>Creates the exception for a configuration file that cannot be read as a whole.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="problem">What is wrong and how to fix it.</param>
    /// <param name="innerException">The error that caused it, if any.</param>
    internal static ApieConfigurationException ForFile(string path, string problem, Exception? innerException = null)
        => new($"Invalid Apie configuration: the file {path} {problem}", (System.IO.Path.GetFileName(path), $"the file {path}"), innerException);

    /// <summary>The configuration field, such as <c>baseUrl</c>.</summary>
    public string Field { get; }

    /// <summary>Where the value came from.</summary>
    public new string Source { get; }
}

/// <summary>
/// An enforce-mode guardrail blocked a tool call before its body ran. Carries the decision, so a caller can
/// tell the user why and show the decision id to the reviewer.
/// </summary>
public sealed class ApieGuardrailBlockedException : ApieException
{
    /// <summary>Creates the exception for one blocked tool call.</summary>
    /// <param name="toolName">The tool that was blocked.</param>
    /// <param name="decisionId">The service's decision id, such as <c>dec_…</c>, or null when the service gave none.</param>
    /// <param name="reason">The reason the service gave, or null.</param>
    /// <param name="matchedGuardrails">The keys of the guardrails that matched.</param>
    public ApieGuardrailBlockedException(string toolName, string? decisionId, string? reason, IReadOnlyList<string>? matchedGuardrails)
        : base(MessageFor(toolName, decisionId, reason, matchedGuardrails))
    {
        ToolName = toolName;
        DecisionId = decisionId;
        Reason = reason;
        MatchedGuardrails = matchedGuardrails ?? Array.Empty<string>();
    }

    /// <summary>The tool that was blocked.</summary>
    public string ToolName { get; }

    /// <summary>The service's decision id, or null.</summary>
    public string? DecisionId { get; }

    /// <summary>The reason the service gave, or null.</summary>
    public string? Reason { get; }

    /// <summary>The keys of the guardrails that matched; empty when none were named.</summary>
    public IReadOnlyList<string> MatchedGuardrails { get; }

    private static string MessageFor(string toolName, string? decisionId, string? reason, IReadOnlyList<string>? matched)
    {
        var message = $"An Apie guardrail blocked the tool '{toolName}' in enforce mode; its body did not run.";
        if (reason is not null)
        {
            message += $" Reason: {reason}.";
        }

        if (matched is { Count: > 0 })
        {
            message += $" Matched guardrails: {string.Join(", ", matched)}.";
        }

        if (decisionId is not null)
        {
            message += $" Decision id: {decisionId}.";
        }

        return message;
    }
}

/// <summary>
/// A tool call waited for a human approval in enforce mode and did not get it: the request was rejected or
/// expired, or the approval timeout passed. The tool's body did not run.
/// </summary>
public sealed class ApieApprovalException : ApieException
{
    /// <summary>Creates the exception for one approval.</summary>
    /// <param name="toolName">The tool that waited.</param>
    /// <param name="approvalId">The approval id, such as <c>appr_…</c>, or null when the service gave none.</param>
    /// <param name="status">The final status, such as <c>rejected</c>, <c>expired</c> or <c>timed_out</c>.</param>
    public ApieApprovalException(string toolName, string? approvalId, string status)
        : base(MessageFor(toolName, approvalId, status))
    {
        ToolName = toolName;
        ApprovalId = approvalId;
        Status = status;
    }

    /// <summary>The tool that waited.</summary>
    public string ToolName { get; }

    /// <summary>The approval id, or null.</summary>
    public string? ApprovalId { get; }

    /// <summary>
    /// The final status: <c>rejected</c>, <c>expired</c>, <c>timed_out</c>, <c>missing</c> when the decision named no
    /// approval request, or another status the service sent.
    /// </summary>
    public string Status { get; }

    private static string MessageFor(string toolName, string? approvalId, string status)
    {
        var what = status == ApprovalStatus.TimedOut
            ? "no decision arrived within the approval timeout (approvalTimeoutMs)"
            : $"the approval ended as '{status}'";
        var id = approvalId is null ? "" : $" Approval id: {approvalId}.";
        return $"The tool '{toolName}' needs a human approval in enforce mode, and {what}; its body did not run.{id}";
    }
}

/// <summary>Approval statuses the runtime gives meaning to.</summary>
internal static class ApprovalStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string TimedOut = "timed_out";

    /// <summary>The decision required approval but named no approval request to wait for.</summary>
    public const string Missing = "missing";
}
