using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Apie.Testing;

namespace Apie.Samples.Tests;

/// <summary>
/// The sessions, runs, completions, guardrail evaluations and events that a loopback server recorded, linked by
/// the ids the server returned in its responses. Every list keeps arrival order, and each entry keeps its request
/// index.
/// </summary>
internal sealed class RecordedTrace
{
    private RecordedTrace(List<SessionTrace> sessions, List<RecordedRequest> unmatched)
    {
        Sessions = sessions;
        Unmatched = unmatched;
    }

    /// <summary>The sessions in the order of their creation requests.</summary>
    public IReadOnlyList<SessionTrace> Sessions { get; }

    /// <summary>
    /// Requests that refer to no created session or run, and requests of any endpoint the pipeline does not
    /// use, such as a run created outside a session.
    /// </summary>
    public IReadOnlyList<RecordedRequest> Unmatched { get; }

    /// <summary>All runs of all sessions.</summary>
    public IEnumerable<RunTrace> Runs => Sessions.SelectMany(session => session.Runs);

    /// <summary>Links <paramref name="requests"/>, which must be in arrival order.</summary>
    public static RecordedTrace From(IReadOnlyList<RecordedRequest> requests)
    {
        var sessions = new List<SessionTrace>();
        var sessionsById = new Dictionary<string, SessionTrace>(StringComparer.Ordinal);
        var runsById = new Dictionary<string, RunTrace>(StringComparer.Ordinal);
        var unmatched = new List<RecordedRequest>();

        foreach (var request in requests)
        {
            var segments = request.Path.Trim('/').Split('/');
            switch (segments)
            {
                case ["v1", "agents", "identify"]:
                    break;

                case ["v1", "sessions"]:
                    var session = new SessionTrace(request, CreatedId(request));
                    sessions.Add(session);
                    sessionsById.Add(session.Id, session);
                    break;

                case ["v1", "sessions", var sessionId, "runs"] when sessionsById.TryGetValue(sessionId, out var owner):
                    var run = new RunTrace(request, CreatedId(request), sessionId);
                    owner.Runs.Add(run);
                    runsById.Add(run.Id, run);
                    break;

                case ["v1", "runs", var runId, "complete"] when runsById.TryGetValue(runId, out var completedRun):
                    completedRun.Completions.Add(request);
                    break;

                case ["v1", "sessions", var sessionId, "complete"] when sessionsById.TryGetValue(sessionId, out var completedSession):
                    completedSession.Completions.Add(request);
                    break;

                case ["v1", "guardrails", "evaluate"] when String(request.Json, "run_id") is { } evaluatedRunId && runsById.TryGetValue(evaluatedRunId, out var evaluatedRun):
                    evaluatedRun.Evaluations.Add(request);
                    break;

                case ["v1", "events"]:
                    foreach (var recordedEvent in request.Json.GetProperty("events").EnumerateArray())
                    {
                        if (String(recordedEvent, "run_id") is { } eventRunId && runsById.TryGetValue(eventRunId, out var eventRun))
                        {
                            eventRun.Events.Add(new RecordedEvent(request.Index, recordedEvent));
                        }
                        else
                        {
                            unmatched.Add(request);
                        }
                    }

                    break;

                default:
                    unmatched.Add(request);
                    break;
            }
        }

        return new RecordedTrace(sessions, unmatched);
    }

    /// <summary>Returns the string property <paramref name="name"/>, or null when it is absent or not a string.</summary>
    public static string? String(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>Returns the id that the server returned for a creation request; throws when the request failed.</summary>
    private static string CreatedId(RecordedRequest request)
    {
        if (request.ResponseStatus is not (200 or 201))
        {
            throw new InvalidOperationException($"{request.Method} {request.Path} returned {request.ResponseStatus}: {request.ResponseBody}");
        }

        return String(request.ResponseJson, "id")
            ?? throw new InvalidOperationException($"{request.Method} {request.Path} returned no id: {request.ResponseBody}");
    }
}

/// <summary>One session: its creation request, the id the server gave it, its runs and its completion requests.</summary>
internal sealed class SessionTrace(RecordedRequest creation, string id)
{
    public RecordedRequest Creation { get; } = creation;

    public string Id { get; } = id;

    public List<RunTrace> Runs { get; } = [];

    public List<RecordedRequest> Completions { get; } = [];
}

/// <summary>One session run: its creation request, the ids involved, its completion requests and its events.</summary>
internal sealed class RunTrace(RecordedRequest creation, string id, string sessionIdInPath)
{
    public RecordedRequest Creation { get; } = creation;

    /// <summary>The id the server returned for the creation request.</summary>
    public string Id { get; } = id;

    /// <summary>The session id in the creation request's path, <c>/v1/sessions/{id}/runs</c>.</summary>
    public string SessionIdInPath { get; } = sessionIdInPath;

    public string? Role => RecordedTrace.String(Creation.Json, "role");

    public string? ParentRunId => RecordedTrace.String(Creation.Json, "parent_run_id");

    public string? StepKey => RecordedTrace.String(Creation.Json, "step_key");

    public int? StepIndex => Creation.Json.TryGetProperty("step_index", out var index) && index.ValueKind == JsonValueKind.Number
        ? index.GetInt32()
        : null;

    public List<RecordedRequest> Completions { get; } = [];

    public List<RecordedEvent> Events { get; } = [];

    /// <summary>The <c>POST /v1/guardrails/evaluate</c> requests whose body names this run as <c>run_id</c>.</summary>
    public List<RecordedRequest> Evaluations { get; } = [];
}

/// <summary>One event of a <c>POST /v1/events</c> batch, with the index of the request that carried it.</summary>
internal sealed record RecordedEvent(int RequestIndex, JsonElement Body)
{
    public string? Type => RecordedTrace.String(Body, "type");

    /// <summary>The <c>tool.name</c> of a tool event, or null for other events.</summary>
    public string? ToolName => Body.TryGetProperty("tool", out var tool) ? RecordedTrace.String(tool, "name") : null;
}
