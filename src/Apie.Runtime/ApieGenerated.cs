using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using Apie.Recording;
using Apie.Streams;

namespace Apie;

/// <summary>
/// The entry points that code written by the Apie generator calls. Not for hand-written code: use
/// <see cref="ApieClient.WithRunAsync{T}(Func{System.Threading.Tasks.Task{T}}, ApieRunOptions?)"/> and its
/// siblings instead. Members keep their signatures across versions, so generated code and runtime can evolve
/// apart; none of them throws.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ApieGenerated
{
    /// <summary>Opens a run in the ambient session, if any, and makes it the ambient run.</summary>
    /// <param name="inputSummary">The rendered input summary.</param>
    /// <param name="role">The run's role in its session, or null.</param>
    /// <param name="stepKey">The step key, or null.</param>
    /// <param name="stepName">The step name, or null.</param>
    /// <param name="stepIndex">The step index; negative means unset.</param>
    /// <param name="environment">The environment, or null for the client's.</param>
    public static ApieScope StartRun(string? inputSummary, string? role, string? stepKey, string? stepName, int stepIndex, string? environment)
    {
        var description = new RunDescription(inputSummary, role, stepKey, stepName, stepIndex < 0 ? null : stepIndex, environment);
        return ApieClient.Current.StartRunScope(description);
    }

    /// <summary>Opens a session and makes it the ambient session.</summary>
    public static ApieScope StartSession(SessionKind kind, string? inputSummary, string? environment)
        => ApieClient.Current.StartSessionScope(kind, inputSummary, environment);

    /// <summary>Describes a run that opens when a stream's enumeration begins.</summary>
    public static ApieStart DescribeRun(string? inputSummary, string? role, string? stepKey, string? stepName, int stepIndex, string? environment)
    {
        var description = new RunDescription(inputSummary, role, stepKey, stepName, stepIndex < 0 ? null : stepIndex, environment);
        return new(client => client.StartRunScope(description));
    }

    /// <summary>Describes a session that opens when a stream's enumeration begins.</summary>
    public static ApieStart DescribeSession(SessionKind kind, string? inputSummary, string? environment)
        => new(client => client.StartSessionScope(kind, inputSummary, environment));

    /// <summary>
    /// Starts a tool call in the ambient run, or in a run of its own when none is ambient, and requests a
    /// guardrail decision unless <paramref name="guard"/> is false. The caller then passes <see cref="ApieScope.Guard"/> or
    /// <c>AfterGuard</c> before the tool's body runs.
    /// </summary>
    /// <param name="name">The tool name.</param>
    /// <param name="provider">The tool provider, or null.</param>
    /// <param name="riskLevel">The risk level; <see cref="RiskLevel.Unspecified"/> leaves it to name inference.</param>
    /// <param name="actionType">The action type, or null for the default or the inferred one.</param>
    /// <param name="actionName">The action name, or null for the tool name.</param>
    /// <param name="resourceType">The resource type, or null for the default or the inferred one.</param>
    /// <param name="environment">The resource environment, or null for the client's.</param>
    /// <param name="externalId">The rendered external id of the resource, or null.</param>
    /// <param name="payloadSummary">The rendered payload summary, or null.</param>
    /// <param name="guard">Whether the guardrails are asked.</param>
    public static ApieScope StartTool(
        string name, string? provider, RiskLevel riskLevel, string? actionType, string? actionName, string? resourceType, string? environment, string? externalId, string? payloadSummary, bool guard)
        => OpenTool(ApieClient.Current, name, provider, riskLevel, actionType, actionName, resourceType, environment, externalId, payloadSummary, guard);

    /// <summary>Describes a tool call that starts when a stream's enumeration begins.</summary>
    public static ApieStart DescribeTool(
        string name, string? provider, RiskLevel riskLevel, string? actionType, string? actionName, string? resourceType, string? environment, string? externalId, string? payloadSummary, bool guard)
        => new(client => OpenTool(client, name, provider, riskLevel, actionType, actionName, resourceType, environment, externalId, payloadSummary, guard));

    /// <summary>Starts a workflow step in the ambient run, or in a run of its own when none is ambient.</summary>
    /// <param name="key">The step key.</param>
    /// <param name="name">The step name, or null.</param>
    /// <param name="index">The step index; negative means unset.</param>
    /// <param name="payloadSummary">The rendered payload summary, or null.</param>
    public static ApieScope StartWorkflowStep(string key, string? name, int index, string? payloadSummary)
        => ApieClient.Current.StartStepScope(new StepDescription(key, name, index < 0 ? null : index), payloadSummary);

    /// <summary>Describes a workflow step that starts when a stream's enumeration begins.</summary>
    public static ApieStart DescribeWorkflowStep(string key, string? name, int index, string? payloadSummary)
        => new(client => client.StartStepScope(new StepDescription(key, name, index < 0 ? null : index), payloadSummary));

    /// <summary>Starts a model call in the ambient run, or in a run of its own when none is ambient.</summary>
    /// <param name="provider">The model provider, or null for the client's.</param>
    /// <param name="model">The model name, or null for the client's.</param>
    /// <param name="inputSummary">The rendered input summary, sent as <c>payload_summary</c>, or null.</param>
    public static ApieScope StartLlmCall(string? provider, string? model, string? inputSummary)
        => ApieClient.Current.StartLlmCallScope(new LlmCallDescription(provider, model), inputSummary);

    /// <summary>Describes a model call that starts when a stream's enumeration begins.</summary>
    public static ApieStart DescribeLlmCall(string? provider, string? model, string? inputSummary)
        => new(client => client.StartLlmCallScope(new LlmCallDescription(provider, model), inputSummary));

    private static ApieScope OpenTool(
        ApieClient client, string name, string? provider, RiskLevel riskLevel, string? actionType, string? actionName, string? resourceType, string? environment, string? externalId, string? payloadSummary, bool guard)
        => client.StartToolScope(client.DescribeTool(name ?? string.Empty, provider, riskLevel, actionType, actionName, resourceType, externalId, environment, guard), payloadSummary);

    /// <summary>Returns a sequence whose every enumeration is recorded as the run or session <paramref name="start"/> describes.</summary>
    public static IEnumerable<T> TraceEnumerable<T>(IEnumerable<T> source, ApieStart start)
        => source is null || start is null ? source! : new TracedEnumerable<T>(source, start);

    /// <summary>Returns an asynchronous sequence whose every enumeration is recorded as the run or session <paramref name="start"/> describes.</summary>
    public static IAsyncEnumerable<T> TraceAsyncEnumerable<T>(IAsyncEnumerable<T> source, ApieStart start)
        => source is null || start is null ? source! : new TracedAsyncEnumerable<T>(source, start);

    /// <summary>
    /// Formats a template value: invariant culture for formattable values, an empty string for null, and an
    /// empty string when the value's own <c>ToString</c> throws.
    /// </summary>
    public static string Format<T>(T value)
    {
        try
        {
            // The common value types are formatted without boxing on .NET Core and later, whose JIT removes the
            // branches of other types and the casts through object.
            if (typeof(T) == typeof(int))
            {
                return ((int)(object)value!).ToString(CultureInfo.InvariantCulture);
            }

            if (typeof(T) == typeof(long))
            {
                return ((long)(object)value!).ToString(CultureInfo.InvariantCulture);
            }

            if (typeof(T) == typeof(bool))
            {
                return ((bool)(object)value!).ToString();
            }

            if (typeof(T) == typeof(double))
            {
                return ((double)(object)value!).ToString(CultureInfo.InvariantCulture);
            }

            if (typeof(T) == typeof(decimal))
            {
                return ((decimal)(object)value!).ToString(CultureInfo.InvariantCulture);
            }

            return value switch
            {
                null => string.Empty,
                string text => text,
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? string.Empty,
            };
        }
        catch (Exception)
        {
            // A summary is worth less than the user's call: a failing ToString must not change its outcome.
            return string.Empty;
        }
    }
}
