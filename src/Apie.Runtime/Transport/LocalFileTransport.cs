using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Apie.Serialization;

namespace Apie.Transport;

/// <summary>
/// Local mode: appends every request to <c>requests.ndjson</c>, one JSON object a line, and returns what the
/// service would return, with ids such as <c>run_local_…</c>, so nothing needs an account. Guardrails allow
/// every tool call.
/// </summary>
internal sealed class LocalFileTransport : IApieTransport
{
    private readonly string _path;
    private readonly object _gate = new();

    public LocalFileTransport(string directory)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "requests.ndjson");
    }

    public string Destination => _path;

    public Task<ApieResponse> SendAsync(ApieRequest request, CancellationToken cancellationToken)
    {
        // The line keeps the response too, so the ids handed out here can be read next to their creation.
        var response = ResponseFor(request.Path);
        var line = new LocalRequestLine
        {
            Method = request.Method,
            Path = request.Path,
            Timestamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            Body = request.Body is null ? null : JsonNode.Parse(request.Body),
            Response = JsonNode.Parse(response),
        };
        var text = JsonSerializer.Serialize(line, ApieJsonContext.Default.LocalRequestLine) + "\n";

        lock (_gate)
        {
            File.AppendAllText(_path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        return Task.FromResult(new ApieResponse(200, Encoding.UTF8.GetBytes(response), null, null, null));
    }

    public void Dispose()
    {
    }

    private static string ResponseFor(string path)
    {
        if (path == "/v1/agents/identify")
        {
            return $"{{\"agent_id\":\"{NewId("agt")}\",\"agent_version_id\":\"{NewId("ver")}\"}}";
        }

        if (path == "/v1/sessions")
        {
            return $"{{\"id\":\"{NewId("ses")}\",\"status\":\"running\"}}";
        }

        if (path == "/v1/runs" || path.EndsWith("/runs", StringComparison.Ordinal))
        {
            return $"{{\"id\":\"{NewId("run")}\",\"status\":\"running\"}}";
        }

        if (path.EndsWith("/handoffs", StringComparison.Ordinal))
        {
            return $"{{\"id\":\"{NewId("hof")}\",\"status\":\"requested\"}}";
        }

        // Local mode has no guardrail service: every tool call is allowed, and the decision's reason states it.
        if (path == "/v1/guardrails/evaluate")
        {
            return $"{{\"policy_decision\":\"allow\",\"effective_decision\":\"allow\",\"enforcement_action\":\"proceed\",\"decision_id\":\"{NewId("dec")}\",\"reason\":\"local mode has no guardrail service\"}}";
        }

        return "{}";
    }

    private static string NewId(string prefix) => $"{prefix}_local_{Guid.NewGuid():N}".Substring(0, prefix.Length + 7 + 16);
}
