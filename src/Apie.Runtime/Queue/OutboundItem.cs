using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using Apie.Recording;
using Apie.Serialization;
using Apie.Transport;

namespace Apie.Queue;

/// <summary>
/// One entry of the outbound queue. Items go out in the order they were queued, so a run's creation always
/// precedes its events and its completion. Ids are resolved when the request is built, not when it is queued.
/// </summary>
internal abstract class OutboundItem
{
    /// <summary>The record whose creation must have succeeded before this item can be sent, if any.</summary>
    public abstract TraceRecord? DependsOn { get; }

    /// <summary>A short description for logs, such as <c>run completion</c>.</summary>
    public abstract string Description { get; }

    /// <summary>The record whose server id this item's response carries, if any.</summary>
    public virtual TraceRecord? Creates => null;

    /// <summary>The item's line number in the queue journal, or 0 when it is not journaled.</summary>
    public long JournalNumber { get; set; }

    // The links of the list that contains the item, so that queueing allocates no node. Only ItemList sets them.
    internal ItemList? ListOwner { get; set; }

    internal OutboundItem? Next { get; set; }

    internal OutboundItem? Previous { get; set; }

    public abstract ApieRequest Build(AgentIdentity agent);

    /// <summary>Takes what the service sent back for a successful request.</summary>
    public virtual void OnSent(ApieResponse response, AgentIdentity agent)
    {
    }

    /// <summary>Called when the item is dropped for good, so anything waiting on it stops waiting.</summary>
    public virtual void OnDropped()
    {
    }

    protected static ApieRequest Post<T>(string path, T body, JsonTypeInfo<T> typeInfo)
        => new("POST", path, JsonSerializer.SerializeToUtf8Bytes(body, typeInfo));

    /// <summary>Stores the id of a created record, or marks its creation failed when the response has none.</summary>
    protected static void StoreId(ApieResponse response, TraceRecord record)
    {
        if (Read(response, ApieJsonContext.Default.CreatedResponse)?.Id is { Length: > 0 } id)
        {
            record.ServerId = id;
        }
        else
        {
            record.CreateFailed = true;
        }
    }

    internal static T? Read<T>(ApieResponse response, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return response.Body.Length == 0 ? null : JsonSerializer.Deserialize(response.Body, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Registers the agent: <c>POST /v1/agents/identify</c>.</summary>
internal sealed class IdentifyItem : OutboundItem
{
    private readonly IdentifyRequest _body;
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IdentifyItem(IdentifyRequest body)
    {
        _body = body;
    }

    /// <summary>Completes with true when registration succeeded and false when it was given up.</summary>
    public Task<bool> Done => _done.Task;

    public override TraceRecord? DependsOn => null;

    public override string Description => "agent registration";

    public override ApieRequest Build(AgentIdentity agent) => Post("/v1/agents/identify", _body, ApieJsonContext.Default.IdentifyRequest);

    public override void OnSent(ApieResponse response, AgentIdentity agent)
    {
        var identity = Read(response, ApieJsonContext.Default.IdentifyResponse);
        agent.AgentId = identity?.AgentId;
        agent.AgentVersionId = identity?.AgentVersionId;
        agent.DashboardUrl = identity?.DashboardUrl;
        _done.TrySetResult(true);
    }

    public override void OnDropped() => _done.TrySetResult(false);
}

/// <summary>Creates a session or a run, and stores the id the service gives it.</summary>
internal sealed class CreateItem : OutboundItem
{
    private readonly TraceRecord _record;

    public CreateItem(TraceRecord record)
    {
        _record = record;
    }

    public TraceRecord Record => _record;

    // A run inside a session, or under a parent run, needs their ids in its own creation request.
    public override TraceRecord? DependsOn => _record is RunRecord run ? (TraceRecord?)run.Parent ?? run.Session : null;

    public override string Description => _record is RunRecord ? "run creation" : "session creation";

    public override TraceRecord? Creates => _record;

    public override ApieRequest Build(AgentIdentity agent)
    {
        if (_record is SessionRecord session)
        {
            var body = new CreateSessionRequest
            {
                Kind = session.WireKind,
                OrchestratorAgentKey = agent.Key,
                OrchestratorAgentId = agent.AgentId,
                Environment = session.Environment,
                InputSummary = session.InputSummary,
            };
            return Post("/v1/sessions", body, ApieJsonContext.Default.CreateSessionRequest);
        }

        var run = (RunRecord)_record;
        var request = new CreateRunRequest
        {
            AgentKey = agent.Key,
            AgentId = agent.AgentId,
            AgentVersionId = agent.AgentVersionId,
            Environment = run.Environment,
            InputSummary = run.InputSummary,
        };

        if (run.Session is null)
        {
            return Post("/v1/runs", request, ApieJsonContext.Default.CreateRunRequest);
        }

        request.ParentRunId = run.Parent?.ServerId;
        request.Role = run.Description.Role;
        request.StepKey = run.Description.StepKey;
        request.StepName = run.Description.StepName;
        request.StepIndex = run.Description.StepIndex;
        return Post($"/v1/sessions/{run.Session.ServerId}/runs", request, ApieJsonContext.Default.CreateRunRequest);
    }

    public override void OnSent(ApieResponse response, AgentIdentity agent) => StoreId(response, _record);

    public override void OnDropped() => _record.CreateFailed = true;
}

/// <summary>
/// The content of a completion: the status, the output summary and the metadata values, already redacted. The
/// extra metadata is further keys, such as a stream's <c>items</c>, or null.
/// </summary>
internal readonly record struct Completion(string Status, string? OutputSummary, double DurationMs, string? ErrorType, bool Cancelled, JsonObject? Extra);

/// <summary>Completes a session or a run with its final status.</summary>
internal sealed class CompleteItem : OutboundItem
{
    private readonly TraceRecord _record;
    private readonly Completion? _completion;
    private CompleteRequest? _body;

    public CompleteItem(TraceRecord record, Completion completion)
    {
        _record = record;
        _completion = completion;
    }

    /// <summary>A completion whose body is already known, as the queue journal stores it.</summary>
    public CompleteItem(TraceRecord record, CompleteRequest body)
    {
        _record = record;
        _body = body;
    }

    public override TraceRecord? DependsOn => _record;

    public override string Description => _record is RunRecord ? "run completion" : "session completion";

    public TraceRecord Record => _record;

    /// <summary>The request body, built on first use: a run's output summary travels in its metadata, a session's in a field.</summary>
    public CompleteRequest Body => _body ??= BodyOf(_record, _completion!.Value);

    public override ApieRequest Build(AgentIdentity agent)
    {
        var path = _record is RunRecord ? $"/v1/runs/{_record.ServerId}/complete" : $"/v1/sessions/{_record.ServerId}/complete";
        return Post(path, Body, ApieJsonContext.Default.CompleteRequest);
    }

    private static CompleteRequest BodyOf(TraceRecord record, Completion completion)
    {
        var metadata = completion.Extra ?? new JsonObject();
        if (completion.ErrorType is not null)
        {
            metadata["error_type"] = completion.ErrorType;
        }

        if (completion.Cancelled)
        {
            metadata["cancelled"] = true;
        }

        metadata["duration_ms"] = completion.DurationMs;
        var body = new CompleteRequest { Status = completion.Status, Metadata = metadata };
        if (record is RunRecord)
        {
            if (completion.OutputSummary is not null)
            {
                metadata["outputSummary"] = completion.OutputSummary;
            }
        }
        else
        {
            body.OutputSummary = completion.OutputSummary;
        }

        return body;
    }
}

/// <summary>Creates a handoff in its session: <c>POST /v1/sessions/{id}/handoffs</c>.</summary>
internal sealed class HandoffItem : OutboundItem
{
    private readonly HandoffRecord _handoff;

    public HandoffItem(HandoffRecord handoff)
    {
        _handoff = handoff;
    }

    public override TraceRecord? DependsOn => _handoff.Session;

    public override string Description => "handoff request";

    public override TraceRecord? Creates => _handoff;

    public HandoffRecord Handoff => _handoff;

    public override ApieRequest Build(AgentIdentity agent)
    {
        var body = new HandoffRequest
        {
            SourceRunId = _handoff.Source?.ServerId,
            SourceAgentId = agent.AgentId,
            TargetRunId = _handoff.Target?.ServerId,
            TargetAgentId = _handoff.TargetAgentId,
            Reason = _handoff.Reason,
            InputSummary = _handoff.InputSummary,
            PayloadSummary = _handoff.PayloadSummary,
        };
        return Post($"/v1/sessions/{_handoff.Session.ServerId}/handoffs", body, ApieJsonContext.Default.HandoffRequest);
    }

    public override void OnSent(ApieResponse response, AgentIdentity agent) => StoreId(response, _handoff);

    public override void OnDropped() => _handoff.CreateFailed = true;
}

/// <summary>One event; consecutive events go out together in batches of <c>maxBatchSize</c>.</summary>
internal sealed class EventItem : OutboundItem
{
    public EventItem(WireEvent wire, RunRecord? run, SessionRecord? session, HandoffRecord? handoff = null)
    {
        Wire = wire;
        Run = run;
        Session = session;
        Handoff = handoff;
    }

    /// <summary>The handoff the event is about; its id is added to <c>metadata.handoff_id</c> when the event is sent.</summary>
    public HandoffRecord? Handoff { get; }

    public WireEvent Wire { get; }

    public RunRecord? Run { get; }

    public SessionRecord? Session { get; }

    public override TraceRecord? DependsOn => (TraceRecord?)Run ?? Session;

    public override string Description => $"event {Wire.Type}";

    public override ApieRequest Build(AgentIdentity agent) => throw new InvalidOperationException("Events are sent in batches.");

    /// <summary>Fills the ids known only after registration and creation.</summary>
    public WireEvent Resolve(AgentIdentity agent)
    {
        Wire.AgentKey = agent.Key;
        Wire.AgentId = agent.AgentId;
        Wire.AgentVersionId = agent.AgentVersionId;
        Wire.RunId = Run?.ServerId;
        Wire.SessionId = Session?.ServerId;
        if (Handoff is not null)
        {
            Wire.Metadata ??= new JsonObject();
            Wire.Metadata["handoff_id"] = Handoff.ServerId;
            Wire.Metadata["source_run_id"] = Handoff.Source?.ServerId;
            Wire.Metadata["target_run_id"] = Handoff.Target?.ServerId;
        }

        return Wire;
    }
}
