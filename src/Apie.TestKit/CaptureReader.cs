using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Apie.TestKit;

/// <summary>Builds the runs, sessions, events and tool calls of a capture from its recorded requests.</summary>
internal static class CaptureReader
{
    private const string SessionsPrefix = "/v1/sessions/";
    private const string RunsPrefix = "/v1/runs/";
    private const string CompleteSuffix = "/complete";

    public static IReadOnlyList<CapturedEvent> Events(IReadOnlyList<CapturedRequest> requests)
    {
        var events = new List<CapturedEvent>();
        foreach (var request in requests)
        {
            if (request.Path == "/v1/events" && request.Body is { } body && body.TryGetProperty("events", out var batch) && batch.ValueKind == JsonValueKind.Array)
            {
                events.AddRange(batch.EnumerateArray().Select(CapturedEvent.From));
            }
        }

        return events;
    }

    public static IReadOnlyList<CapturedGuardrailCheck> GuardrailChecks(IReadOnlyList<CapturedRequest> requests)
        => requests
            .Where(request => request.Path == "/v1/guardrails/evaluate" && request.Body is not null)
            .Select(request => CapturedGuardrailCheck.From(request.Body!.Value))
            .ToList();

    public static IReadOnlyList<CapturedRun> Runs(IReadOnlyList<CapturedRequest> requests, IReadOnlyList<CapturedEvent> events)
    {
        var runs = new List<CapturedRun>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            if (request.Body is not { } body || request.Method != "POST")
            {
                continue;
            }

            var path = request.Path;
            if (path == "/v1/runs" || (path.StartsWith(SessionsPrefix, StringComparison.Ordinal) && path.EndsWith("/runs", StringComparison.Ordinal)))
            {
                var id = JsonRead.String(request.Response, "id") ?? "";
                positions[id] = runs.Count;
                runs.Add(new CapturedRun
                {
                    Id = id,
                    SessionId = path == "/v1/runs" ? null : Segment(path, SessionsPrefix, "/runs"),
                    ParentRunId = JsonRead.String(body, "parent_run_id"),
                    InputSummary = JsonRead.String(body, "input_summary"),
                    Role = JsonRead.String(body, "role"),
                    StepKey = JsonRead.String(body, "step_key"),
                    StepName = JsonRead.String(body, "step_name"),
                    StepIndex = JsonRead.Integer(body, "step_index"),
                    Environment = JsonRead.String(body, "environment"),
                });
            }
            else if (path.StartsWith(RunsPrefix, StringComparison.Ordinal) && path.EndsWith(CompleteSuffix, StringComparison.Ordinal)
                     && positions.TryGetValue(Segment(path, RunsPrefix, CompleteSuffix), out var position))
            {
                var metadata = JsonRead.Object(body, "metadata");
                runs[position] = runs[position] with
                {
                    Status = JsonRead.String(body, "status"),
                    OutputSummary = metadata is { } m ? JsonRead.String(m, "outputSummary") : null,
                    ErrorType = metadata is { } e ? JsonRead.String(e, "error_type") : null,
                    Cancelled = metadata is { } c && JsonRead.Boolean(c, "cancelled") == true,
                    Metadata = JsonRead.Texts(metadata),
                };
            }
        }

        var toolCalls = ToolCalls(events);
        return runs
            .Select(run => run with
            {
                Events = events.Where(item => item.RunId == run.Id).ToList(),
                ToolCalls = toolCalls.Where(call => call.RunId == run.Id).ToList(),
            })
            .ToList();
    }

    public static IReadOnlyList<CapturedSession> Sessions(IReadOnlyList<CapturedRequest> requests, IReadOnlyList<CapturedEvent> events, IReadOnlyList<CapturedRun> runs)
    {
        var sessions = new List<CapturedSession>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            if (request.Body is not { } body || request.Method != "POST")
            {
                continue;
            }

            var path = request.Path;
            if (path == "/v1/sessions")
            {
                var id = JsonRead.String(request.Response, "id") ?? "";
                positions[id] = sessions.Count;
                sessions.Add(new CapturedSession
                {
                    Id = id,
                    Kind = JsonRead.String(body, "kind"),
                    InputSummary = JsonRead.String(body, "input_summary"),
                    Environment = JsonRead.String(body, "environment"),
                });
            }
            else if (path.StartsWith(SessionsPrefix, StringComparison.Ordinal) && path.EndsWith(CompleteSuffix, StringComparison.Ordinal)
                     && positions.TryGetValue(Segment(path, SessionsPrefix, CompleteSuffix), out var position))
            {
                var metadata = JsonRead.Object(body, "metadata");
                sessions[position] = sessions[position] with
                {
                    Status = JsonRead.String(body, "status"),
                    OutputSummary = JsonRead.String(body, "output_summary"),
                    ErrorType = metadata is { } m ? JsonRead.String(m, "error_type") : null,
                };
            }
        }

        return sessions
            .Select(session => session with
            {
                Runs = runs.Where(run => run.SessionId == session.Id).ToList(),
                Events = events.Where(item => item.SessionId == session.Id).ToList(),
            })
            .ToList();
    }

    /// <summary>
    /// Pairs the events of tool calls. A call's events share its run and tool name, and follow each other in the
    /// order the client records them. Two calls of one tool that overlap in one run are paired first in, first out.
    /// </summary>
    public static IReadOnlyList<CapturedToolCall> ToolCalls(IReadOnlyList<CapturedEvent> events)
    {
        var calls = new List<ToolCallBuilder>();
        var checkedOnly = new Dictionary<(string?, string?), ToolCallBuilder>();
        foreach (var item in events)
        {
            if (item.ToolName is null)
            {
                continue;
            }

            var key = (item.RunId, item.ToolName);
            switch (item.Type)
            {
                case "agent.guardrail.evaluated":
                    // A check that an earlier check of the same tool left without agent.tool.called was blocked.
                    var check = new ToolCallBuilder(item) { Status = "blocked", Decision = item.Decision };
                    calls.Add(check);
                    checkedOnly[key] = check;
                    break;
                case "agent.approval.requested":
                case "agent.approval.resolved":
                    if (checkedOnly.TryGetValue(key, out var waiting))
                    {
                        waiting.Events.Add(item);
                    }

                    break;
                case "agent.tool.called":
                    if (checkedOnly.TryGetValue(key, out var allowed))
                    {
                        checkedOnly.Remove(key);
                        allowed.Status = "running";
                        allowed.Events.Add(item);
                    }
                    else
                    {
                        calls.Add(new ToolCallBuilder(item) { Status = "running" });
                    }

                    break;
                default:
                    var running = calls.FirstOrDefault(call => call.Status == "running" && call.Key == key);
                    if (running is null)
                    {
                        break;
                    }

                    running.Events.Add(item);
                    if (item.Type == "agent.action.completed")
                    {
                        running.Status = "completed";
                        running.Result = item.Metadata.TryGetValue("result", out var result) ? result : null;
                    }
                    else if (item.Type == "agent.action.failed")
                    {
                        running.Status = "failed";
                        running.ErrorMessage = item.ErrorMessage;
                    }

                    break;
            }
        }

        return calls.Select(call => call.Build()).ToList();
    }

    private static string Segment(string path, string prefix, string suffix)
        => path.Length >= prefix.Length + suffix.Length ? path.Substring(prefix.Length, path.Length - prefix.Length - suffix.Length) : "";

    private sealed class ToolCallBuilder
    {
        private readonly CapturedEvent _first;

        public ToolCallBuilder(CapturedEvent first)
        {
            _first = first;
            Events.Add(first);
        }

        public (string?, string?) Key => (_first.RunId, _first.ToolName);

        public List<CapturedEvent> Events { get; } = new();

        public string Status { get; set; } = "running";

        public string? Decision { get; set; }

        public string? Result { get; set; }

        public string? ErrorMessage { get; set; }

        public CapturedToolCall Build() => new()
        {
            Name = _first.ToolName ?? "",
            RunId = _first.RunId,
            Status = Status,
            Result = Result,
            ErrorMessage = ErrorMessage,
            Decision = Decision,
            Provider = _first.ToolProvider,
            RiskLevel = _first.RiskLevel,
            ActionType = _first.ActionType,
            ResourceType = _first.ResourceType,
            ExternalId = _first.ExternalId,
            PayloadSummary = _first.PayloadSummary,
            Events = Events.ToList(),
        };
    }
}
