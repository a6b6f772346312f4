using System;
using System.Threading.Tasks;

namespace Apie.Testing;

/// <summary>Ids that <c>POST /v1/agents/identify</c> returns.</summary>
internal sealed record AgentIdentity(string AgentId, string AgentVersionId, string WorkspaceId);

/// <summary>A stored run. A run inside a session has a <see cref="SessionId"/>.</summary>
internal sealed record RunState(
    string Id,
    string? SessionId,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt);

/// <summary>A stored session.</summary>
internal sealed record SessionState(
    string Id,
    string Kind,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt);

/// <summary>A stored handoff between two runs of a session.</summary>
internal sealed record HandoffState(
    string Id,
    string SessionId,
    string? SourceRunId,
    string? TargetRunId,
    string Status);

/// <summary>
/// A stored approval request. <see cref="Resolved"/> completes with the final status when the
/// approval leaves <c>pending</c>.
/// </summary>
internal sealed class ApprovalState(string id)
{
    public string Id { get; } = id;

    /// <summary>Current status, written only under the store's lock.</summary>
    public string Status { get; set; } = ApprovalStatuses.Pending;

    public TaskCompletionSource<string> Resolved { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Status values of an approval request.</summary>
internal static class ApprovalStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Expired = "expired";
}
