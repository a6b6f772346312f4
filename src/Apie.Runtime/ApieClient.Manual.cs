using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Apie.Context;
using Apie.Recording;
using Apie.Serialization;

namespace Apie;

// The hand-written equivalents of the attributes, for code that cannot use them.
public sealed partial class ApieClient
{
    /// <summary>
    /// Runs <paramref name="body"/> as a run, like a method marked <c>[ApieRun]</c>: the run belongs to the ambient
    /// session, completes when the task completes, and an exception is recorded and passed on unchanged.
    /// </summary>
    public Task<T> WithRunAsync<T>(Func<Task<T>> body, ApieRunOptions? options = null)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        return Wrap(StartRunScope(DescriptionOf(options)), body);
    }

    /// <summary>Runs <paramref name="body"/> as a run; see <see cref="WithRunAsync{T}(Func{Task{T}}, ApieRunOptions?)"/>.</summary>
    public Task WithRunAsync(Func<Task> body, ApieRunOptions? options = null)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        return Wrap(StartRunScope(DescriptionOf(options)), body);
    }

    /// <summary>
    /// Runs <paramref name="body"/> as a session, like a method marked <c>[ApieSession]</c>: runs started inside
    /// belong to it, and it completes <c>completed</c>, <c>failed</c> or <c>cancelled</c> when the task completes.
    /// </summary>
    public Task<T> WithSessionAsync<T>(Func<Task<T>> body, ApieSessionOptions? options = null)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        return Wrap(StartSessionScope(options?.Kind ?? SessionKind.SingleAgent, options?.InputSummary, options?.Environment), body);
    }

    /// <summary>Runs <paramref name="body"/> as a session; see <see cref="WithSessionAsync{T}(Func{Task{T}}, ApieSessionOptions?)"/>.</summary>
    public Task WithSessionAsync(Func<Task> body, ApieSessionOptions? options = null)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        return Wrap(StartSessionScope(options?.Kind ?? SessionKind.SingleAgent, options?.InputSummary, options?.Environment), body);
    }

    /// <summary>
    /// Runs <paramref name="body"/> as a tool call, like a method marked <c>[ApieTool]</c>: the guardrails are asked
    /// first unless <see cref="ApieToolOptions.Guard"/> is false, and in enforce mode a block throws
    /// <see cref="ApieGuardrailBlockedException"/> before the body runs.
    /// </summary>
    /// <param name="name">The tool name, such as <c>kb.search</c>.</param>
    /// <param name="body">The tool's work.</param>
    /// <param name="options">The rest of the tool's description.</param>
    public Task<T> WithToolAsync<T>(string name, Func<Task<T>> body, ApieToolOptions? options = null)
    {
        var scope = StartToolScope(ToolOf(name, body, options), options?.PayloadSummary);
        return Wrap(scope, () => scope.AfterGuard(body), static result => ApieGenerated.Format(result));
    }

    /// <summary>Runs <paramref name="body"/> as a tool call; see <see cref="WithToolAsync{T}(string, Func{Task{T}}, ApieToolOptions?)"/>.</summary>
    public Task WithToolAsync(string name, Func<Task> body, ApieToolOptions? options = null)
    {
        var scope = StartToolScope(ToolOf(name, body, options), options?.PayloadSummary);
        return Wrap(scope, () => scope.AfterGuard(body));
    }

    /// <summary>
    /// Runs <paramref name="body"/> as a named step of the ambient run, like a method marked
    /// <c>[ApieWorkflowStep]</c>: <c>agent.workflow.step.started</c>, then <c>.completed</c> or <c>.failed</c>.
    /// </summary>
    /// <param name="key">The step key, sent as <c>step_key</c>.</param>
    /// <param name="body">The step's work.</param>
    /// <param name="options">The step's name, index and payload summary.</param>
    public Task<T> WithWorkflowStepAsync<T>(string key, Func<Task<T>> body, ApieWorkflowStepOptions? options = null)
        => Wrap(StartStepScope(StepOf(key, body, options), options?.PayloadSummary), body);

    /// <summary>Runs <paramref name="body"/> as a workflow step; see <see cref="WithWorkflowStepAsync{T}(string, Func{Task{T}}, ApieWorkflowStepOptions?)"/>.</summary>
    public Task WithWorkflowStepAsync(string key, Func<Task> body, ApieWorkflowStepOptions? options = null)
        => Wrap(StartStepScope(StepOf(key, body, options), options?.PayloadSummary), body);

    /// <summary>
    /// Runs <paramref name="body"/> as a model call of the ambient run, like a method marked <c>[ApieLlmCall]</c>:
    /// <c>agent.llm.called</c>, then <c>.completed</c> or <c>.failed</c>, with the model provider and name.
    /// </summary>
    public Task<T> WithLlmCallAsync<T>(Func<Task<T>> body, ApieLlmCallOptions? options = null)
        => Wrap(StartLlmCallScope(LlmCallOf(body, options), options?.InputSummary), body);

    /// <summary>Runs <paramref name="body"/> as a model call; see <see cref="WithLlmCallAsync{T}(Func{Task{T}}, ApieLlmCallOptions?)"/>.</summary>
    public Task WithLlmCallAsync(Func<Task> body, ApieLlmCallOptions? options = null)
        => Wrap(StartLlmCallScope(LlmCallOf(body, options), options?.InputSummary), body);

    /// <summary>
    /// Records a custom event in the ambient run and session. The payload goes in <c>metadata</c>: strings,
    /// numbers, booleans, dates, enums, nested dictionaries and lists keep their shape, other values are written
    /// with <c>ToString</c>. Secrets are redacted as in every event.
    /// </summary>
    /// <param name="type">The event type, such as <c>support.reply.drafted</c>.</param>
    /// <param name="payload">The event's data, or null.</param>
    public void Track(string type, IEnumerable<KeyValuePair<string, object?>>? payload = null)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            throw new ArgumentException("An event type is required, such as 'support.reply.drafted'.", nameof(type));
        }

        if (_dispatcher is null)
        {
            return;
        }

        var frame = AmbientContext.Current;
        var wire = NewEvent(type, frame?.Run, frame?.Session);
        wire.Metadata = payload is null ? null : PayloadConverter.ToObject(payload);
        Enqueue(wire, frame?.Run, frame?.Session);
    }

    /// <summary>Records an <c>agent.resource.touched</c> event in the ambient run: a resource was read or written.</summary>
    /// <param name="resourceType">The resource type, such as <c>database_record</c> or <c>knowledge_base</c>.</param>
    /// <param name="externalId">The resource's id in its own system, or null.</param>
    /// <param name="access">What was done, such as <c>read</c> or <c>write</c>, sent as <c>metadata.access</c>; or null.</param>
    /// <param name="provider">The system that stores the resource, or null.</param>
    public void TouchResource(string resourceType, string? externalId = null, string? access = null, string? provider = null)
    {
        if (string.IsNullOrWhiteSpace(resourceType))
        {
            throw new ArgumentException("A resource type is required, such as 'database_record'.", nameof(resourceType));
        }

        if (_dispatcher is null)
        {
            return;
        }

        var frame = AmbientContext.Current;
        var wire = NewEvent("agent.resource.touched", frame?.Run, frame?.Session);
        wire.Resource = new WireResource { Type = resourceType, ExternalId = externalId, Provider = provider, Environment = frame?.Run?.Environment ?? Settings.Environment };
        wire.Metadata = access is null ? null : new JsonObject { ["access"] = access };
        Enqueue(wire, frame?.Run, frame?.Session);
    }

    /// <summary>Records an <c>agent.error</c> event for <paramref name="exception"/> in the ambient run and session.</summary>
    public void CaptureError(Exception exception)
    {
        if (exception is null)
        {
            throw new ArgumentNullException(nameof(exception));
        }

        if (_dispatcher is not null)
        {
            var frame = AmbientContext.Current;
            CaptureError(exception, frame?.Run, frame?.Session);
        }
    }

    private ToolDescription ToolOf(string name, object body, ApieToolOptions? options)
    {
        Require(name, nameof(name), "A tool name is required, such as 'kb.search'.");
        Require(body, nameof(body));
        return DescribeTool(
            name, options?.Provider, options?.RiskLevel ?? RiskLevel.Unspecified, options?.ActionType, options?.ActionName, options?.ResourceType, options?.ExternalId, options?.Environment, options?.Guard ?? true);
    }

    private static StepDescription StepOf(string key, object body, ApieWorkflowStepOptions? options)
    {
        Require(key, nameof(key), "A step key is required, such as 'triage'.");
        Require(body, nameof(body));
        return new StepDescription(key, options?.Name, options?.Index);
    }

    private static LlmCallDescription LlmCallOf(object body, ApieLlmCallOptions? options)
    {
        Require(body, nameof(body));
        return new LlmCallDescription(options?.Provider, options?.Model);
    }

    private static void Require(object? value, string name, string? message = null)
    {
        if (value is null || (value is string text && string.IsNullOrWhiteSpace(text)))
        {
            throw message is null ? new ArgumentNullException(name) : new ArgumentException(message, name);
        }
    }

    // The same steps as a generated wrapper: call the body inside the scope, let an exception pass unchanged,
    // restore the caller's context, and complete the record when the task completes.
    private static Task<T> Wrap<T>(ApieScope scope, Func<Task<T>> body, Func<T, string?>? output = null)
    {
        Task<T> task;
        try
        {
            task = body();
        }
        catch (Exception exception) when (scope.Fail(exception))
        {
            throw;
        }
        finally
        {
            scope.Exit();
        }

        return scope.CompleteWhen(task, output);
    }

    private static Task Wrap(ApieScope scope, Func<Task> body)
    {
        Task task;
        try
        {
            task = body();
        }
        catch (Exception exception) when (scope.Fail(exception))
        {
            throw;
        }
        finally
        {
            scope.Exit();
        }

        return scope.CompleteWhen(task, null);
    }

    private static RunDescription DescriptionOf(ApieRunOptions? options)
        => new(options?.InputSummary, options?.Role, options?.StepKey, options?.StepName, options?.StepIndex, options?.Environment);

    /// <summary>Waits, at most for the request timeout, until what is queued so far was sent.</summary>
    internal async Task FlushWithinTimeoutAsync(CancellationToken cancellationToken)
    {
        if (_dispatcher is null)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Settings.Timeout);
        try
        {
            await _dispatcher.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The bound passed: the rest goes out in the background.
        }
    }
}

/// <summary>The description of a run, given when it starts.</summary>
public sealed class ApieRunOptions
{
    /// <summary>The run's input summary.</summary>
    public string? InputSummary { get; set; }

    /// <summary>The run's role in its session: <c>orchestrator</c>, <c>worker</c> or a custom role.</summary>
    public string? Role { get; set; }

    /// <summary>The key of the pipeline step the run performs.</summary>
    public string? StepKey { get; set; }

    /// <summary>The display name of the pipeline step.</summary>
    public string? StepName { get; set; }

    /// <summary>The position of the step in its pipeline.</summary>
    public int? StepIndex { get; set; }

    /// <summary>The environment; the client's by default.</summary>
    public string? Environment { get; set; }

    /// <summary>For <see cref="ApieRuns.StartAsync"/>: the session the run belongs to, instead of the ambient one.</summary>
    public ApieSession? Session { get; set; }

    /// <summary>For <see cref="ApieRuns.StartAsync"/>: the parent run, which must belong to <see cref="Session"/>.</summary>
    public ApieRun? Parent { get; set; }
}

/// <summary>The description of a session, given when it starts.</summary>
public sealed class ApieSessionOptions
{
    /// <summary>The kind of session; <see cref="SessionKind.SingleAgent"/> by default.</summary>
    public SessionKind Kind { get; set; } = SessionKind.SingleAgent;

    /// <summary>The session's input summary.</summary>
    public string? InputSummary { get; set; }

    /// <summary>The environment; the client's by default.</summary>
    public string? Environment { get; set; }
}

/// <summary>The description of a hand-written tool call; the same fields as <see cref="ApieToolAttribute"/>.</summary>
public sealed class ApieToolOptions
{
    /// <summary>The system that provides the tool, sent as <c>tool.provider</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>How much harm the call can do.</summary>
    public RiskLevel RiskLevel { get; set; }

    /// <summary>The action type, such as <c>read</c> or <c>update</c>; <c>execute</c> by default.</summary>
    public string? ActionType { get; set; }

    /// <summary>The action name; the tool name by default.</summary>
    public string? ActionName { get; set; }

    /// <summary>The resource type, such as <c>database_record</c>; <c>unknown</c> by default.</summary>
    public string? ResourceType { get; set; }

    /// <summary>The environment of the resource; the client's by default.</summary>
    public string? Environment { get; set; }

    /// <summary>The resource's id in its own system.</summary>
    public string? ExternalId { get; set; }

    /// <summary>The events' <c>payload_summary</c>.</summary>
    public string? PayloadSummary { get; set; }

    /// <summary>Whether the guardrails are asked before the body runs; true by default.</summary>
    public bool Guard { get; set; } = true;
}

/// <summary>The description of a hand-written workflow step.</summary>
public sealed class ApieWorkflowStepOptions
{
    /// <summary>The display name of the step, sent as <c>step_name</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The zero-based position of the step, sent as <c>step_index</c>.</summary>
    public int? Index { get; set; }

    /// <summary>The events' <c>payload_summary</c>.</summary>
    public string? PayloadSummary { get; set; }
}

/// <summary>The description of a hand-written model call.</summary>
public sealed class ApieLlmCallOptions
{
    /// <summary>The model provider; the client's <c>model.provider</c> by default.</summary>
    public string? Provider { get; set; }

    /// <summary>The model name; the client's <c>model.name</c> by default.</summary>
    public string? Model { get; set; }

    /// <summary>A summary of the prompt, sent as <c>payload_summary</c>.</summary>
    public string? InputSummary { get; set; }
}

/// <summary>The final status of a run.</summary>
public enum ApieRunStatus
{
    /// <summary>The run did its work.</summary>
    Completed,

    /// <summary>The run ended with an error.</summary>
    Failed,
}

/// <summary>The final status of a session.</summary>
public enum ApieSessionStatus
{
    /// <summary>The session did its work.</summary>
    Completed,

    /// <summary>The session ended with an error.</summary>
    Failed,

    /// <summary>The session was cancelled.</summary>
    Cancelled,
}
