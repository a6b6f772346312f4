using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Apie.Transport;

namespace Apie.TestKit;

/// <summary>
/// The transport of a capture: records every request in memory and returns the response the Apie service would
/// send, at once and on the caller's thread. Ids are numbered per kind, such as <c>run_test_1</c>, so tests can
/// name them.
/// </summary>
internal sealed class MemoryTransport : IApieTransport
{
    private const string ApprovalsPrefix = "/v1/approvals/";

    private readonly object _gate = new();
    private readonly List<CapturedRequest> _requests = new();
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _approvals = new(StringComparer.Ordinal);

    public string Destination => "memory (Apie.TestKit)";

    /// <summary>Decides guardrail requests, or allows every tool call when null.</summary>
    public Func<CapturedGuardrailCheck, ApieTestDecision>? Guardrails { get; set; }

    public IReadOnlyList<CapturedRequest> Snapshot()
    {
        lock (_gate)
        {
            return _requests.ToArray();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    public Task<ApieResponse> SendAsync(ApieRequest request, CancellationToken cancellationToken)
    {
        JsonElement? body = request.Body is null ? null : Parse(request.Body);
        byte[] response;
        lock (_gate)
        {
            response = Respond(request.Method, request.Path, body);
            _requests.Add(new CapturedRequest(request.Method, request.Path, body, Parse(response), Environment.CurrentManagedThreadId));
        }

        return Task.FromResult(new ApieResponse(200, response, null, null, null));
    }

    public void Dispose()
    {
    }

    private static JsonElement Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private byte[] Respond(string method, string path, JsonElement? body)
    {
        if (path == "/v1/agents/identify")
        {
            return Json(writer =>
            {
                writer.WriteString("agent_id", NewId("agt"));
                writer.WriteString("agent_version_id", NewId("ver"));
            });
        }

        if (method == "POST" && (path == "/v1/sessions" || path == "/v1/runs" || path.EndsWith("/runs", StringComparison.Ordinal)))
        {
            var id = NewId(path == "/v1/sessions" ? "ses" : "run");
            return Json(writer =>
            {
                writer.WriteString("id", id);
                writer.WriteString("status", "running");
            });
        }

        if (path.EndsWith("/handoffs", StringComparison.Ordinal))
        {
            var id = NewId("hof");
            return Json(writer =>
            {
                writer.WriteString("id", id);
                writer.WriteString("status", "requested");
            });
        }

        if (path == "/v1/guardrails/evaluate" && body is { } check)
        {
            return Decide(CapturedGuardrailCheck.From(check));
        }

        if (method == "GET" && path.StartsWith(ApprovalsPrefix, StringComparison.Ordinal))
        {
            return ApprovalStatus(path);
        }

        return Encoding.UTF8.GetBytes("{}");
    }

    private byte[] Decide(CapturedGuardrailCheck check)
    {
        var decision = Guardrails?.Invoke(check) ?? ApieTestDecision.Allow();
        var approvalId = decision.Decision == ApieTestDecision.RequireApprovalDecision ? NewId("appr") : null;
        if (approvalId is not null)
        {
            _approvals[approvalId] = decision.Approved;
        }

        return Json(writer =>
        {
            writer.WriteString("policy_decision", decision.Decision);
            writer.WriteString("decision_id", NewId("dec"));
            if (decision.Reason is not null)
            {
                writer.WriteString("reason", decision.Reason);
            }

            if (approvalId is not null)
            {
                writer.WriteStartObject("approval_request");
                writer.WriteString("id", approvalId);
                writer.WriteEndObject();
            }
        });
    }

    /// <summary>Returns the final approval status for both <c>GET /v1/approvals/{id}/wait</c> and <c>GET /v1/approvals/{id}</c>.</summary>
    private byte[] ApprovalStatus(string path)
    {
        var rest = path.Substring(ApprovalsPrefix.Length);
        var end = rest.IndexOfAny(new[] { '/', '?' });
        var id = Uri.UnescapeDataString(end < 0 ? rest : rest.Substring(0, end));
        var status = "expired";
        if (_approvals.TryGetValue(id, out var approved))
        {
            status = approved ? "approved" : "rejected";
        }

        return Json(writer =>
        {
            writer.WriteString("status", status);
            writer.WriteString("resolved_by", "Apie.TestKit");
            writer.WriteStartObject("approval");
            writer.WriteString("status", status);
            writer.WriteString("resolved_by", "Apie.TestKit");
            writer.WriteEndObject();
        });
    }

    private string NewId(string prefix)
    {
        _counters.TryGetValue(prefix, out var count);
        _counters[prefix] = ++count;
        return $"{prefix}_test_{count}";
    }

    private static byte[] Json(Action<Utf8JsonWriter> writeProperties)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
