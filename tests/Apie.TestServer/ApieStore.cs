using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Apie.Testing;

/// <summary>
/// In-memory agents, runs, sessions, handoffs and approvals of one test server. Thread-safe.
/// Operations that the service would reject throw <see cref="ApiException"/>.
/// </summary>
internal sealed class ApieStore
{
    private const string Running = "running";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _agentIdsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<(string AgentKey, string Version), string> _versionIds = [];
    private readonly Dictionary<string, RunState> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SessionState> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HandoffState> _handoffs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApprovalState> _approvals = new(StringComparer.Ordinal);

    /// <summary>The single workspace that every agent of this server belongs to.</summary>
    public string WorkspaceId { get; } = ApieIds.New(ApieIds.Workspace);

    /// <summary>
    /// Returns the ids for an agent key, creating them on first use. The same key always gets
    /// the same agent id, and each distinct <paramref name="version"/> of it gets its own version id.
    /// </summary>
    public AgentIdentity IdentifyAgent(string agentKey, string version)
    {
        lock (_gate)
        {
            if (!_agentIdsByKey.TryGetValue(agentKey, out string? agentId))
            {
                agentId = ApieIds.New(ApieIds.Agent);
                _agentIdsByKey[agentKey] = agentId;
            }

            if (!_versionIds.TryGetValue((agentKey, version), out string? versionId))
            {
                versionId = ApieIds.New(ApieIds.AgentVersion);
                _versionIds[(agentKey, version)] = versionId;
            }

            return new AgentIdentity(agentId, versionId, WorkspaceId);
        }
    }

    public bool RunExists(string runId)
    {
        lock (_gate)
        {
            return _runs.ContainsKey(runId);
        }
    }

    /// <summary>
    /// Starts a run, inside a session when <paramref name="sessionId"/> is given. Rejects an
    /// unknown session (404), a completed session (409) and an unknown parent run (400).
    /// </summary>
    public RunState StartRun(string? sessionId, string? parentRunId)
    {
        lock (_gate)
        {
            if (sessionId is not null)
            {
                SessionState session = GetSession(sessionId);
                if (session.Status != Running)
                {
                    throw ApiException.Conflict($"Session '{sessionId}' is already {session.Status}. Start a new session.");
                }
            }

            if (parentRunId is not null && !_runs.ContainsKey(parentRunId))
            {
                throw ApiException.BadRequest($"Parent run '{parentRunId}' was not found.");
            }

            var run = new RunState(ApieIds.New(ApieIds.Run), sessionId, Running, DateTimeOffset.UtcNow, null);
            _runs[run.Id] = run;
            return run;
        }
    }

    /// <summary>Completes a run. Rejects an unknown run (404) and a run that is no longer running (409).</summary>
    public RunState CompleteRun(string runId, string status)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(runId, out RunState? run))
            {
                throw ApiException.NotFound($"Run '{runId}' was not found.");
            }

            if (run.Status != Running)
            {
                throw ApiException.Conflict($"Run '{runId}' is already {run.Status}.");
            }

            RunState completed = run with { Status = status, CompletedAt = DateTimeOffset.UtcNow };
            _runs[runId] = completed;
            return completed;
        }
    }

    public SessionState StartSession(string kind)
    {
        lock (_gate)
        {
            var session = new SessionState(ApieIds.New(ApieIds.Session), kind, Running, DateTimeOffset.UtcNow, null);
            _sessions[session.Id] = session;
            return session;
        }
    }

    /// <summary>Completes a session. Rejects an unknown session (404) and one that is no longer running (409).</summary>
    public SessionState CompleteSession(string sessionId, string status)
    {
        lock (_gate)
        {
            SessionState session = GetSession(sessionId);
            if (session.Status != Running)
            {
                throw ApiException.Conflict($"Session '{sessionId}' is already {session.Status}.");
            }

            SessionState completed = session with { Status = status, CompletedAt = DateTimeOffset.UtcNow };
            _sessions[sessionId] = completed;
            return completed;
        }
    }

    /// <summary>
    /// Records a handoff in a session. Rejects an unknown session (404) and run ids that name
    /// no stored run (400).
    /// </summary>
    public HandoffState CreateHandoff(string sessionId, string? sourceRunId, string? targetRunId, string status)
    {
        lock (_gate)
        {
            GetSession(sessionId);
            foreach ((string field, string? runId) in new[] { ("source_run_id", sourceRunId), ("target_run_id", targetRunId) })
            {
                if (runId is not null && !_runs.ContainsKey(runId))
                {
                    throw ApiException.BadRequest($"Field '{field}' names run '{runId}', which was not found.");
                }
            }

            var handoff = new HandoffState(ApieIds.New(ApieIds.Handoff), sessionId, sourceRunId, targetRunId, status);
            _handoffs[handoff.Id] = handoff;
            return handoff;
        }
    }

    public string CreateApproval()
    {
        lock (_gate)
        {
            var approval = new ApprovalState(ApieIds.New(ApieIds.Approval));
            _approvals[approval.Id] = approval;
            return approval.Id;
        }
    }

    /// <summary>Returns the status of an approval, or throws 404 for an unknown approval.</summary>
    public string GetApprovalStatus(string approvalId)
    {
        lock (_gate)
        {
            return GetApproval(approvalId).Status;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for an approval to leave <c>pending</c> and returns
    /// its status then, which is still <c>pending</c> when the wait timed out.
    /// </summary>
    public async Task<string> WaitForApprovalAsync(string approvalId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task<string> resolved;
        lock (_gate)
        {
            resolved = GetApproval(approvalId).Resolved.Task;
        }

        try
        {
            return await resolved.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return GetApprovalStatus(approvalId);
        }
    }

    /// <summary>
    /// Moves a pending approval to <paramref name="status"/> and ends every wait on it.
    /// Throws <see cref="KeyNotFoundException"/> for an unknown id and
    /// <see cref="InvalidOperationException"/> when the approval is no longer pending.
    /// </summary>
    public void ResolveApproval(string approvalId, string status)
    {
        ApprovalState approval;
        lock (_gate)
        {
            if (!_approvals.TryGetValue(approvalId, out ApprovalState? found))
            {
                throw new KeyNotFoundException($"Approval '{approvalId}' was not found. Use the id from approval_request.id.");
            }

            if (found.Status != ApprovalStatuses.Pending)
            {
                throw new InvalidOperationException($"Approval '{approvalId}' is already {found.Status}.");
            }

            found.Status = status;
            approval = found;
        }

        approval.Resolved.TrySetResult(status);
    }

    private SessionState GetSession(string sessionId) =>
        _sessions.TryGetValue(sessionId, out SessionState? session)
            ? session
            : throw ApiException.NotFound($"Session '{sessionId}' was not found.");

    private ApprovalState GetApproval(string approvalId) =>
        _approvals.TryGetValue(approvalId, out ApprovalState? approval)
            ? approval
            : throw ApiException.NotFound($"Approval '{approvalId}' was not found.");
}
