using System;

namespace Apie;

/// <summary>
/// Marks a method whose every call is recorded as a tool call of the enclosing run. Before the body runs, the
/// call is checked by the Apie guardrails unless <see cref="Guard"/> is false; in enforce mode a block throws
/// <c>ApieGuardrailBlockedException</c> and the body never runs.
/// </summary>
/// <remarks>
/// The events are <c>agent.guardrail.evaluated</c>, <c>agent.tool.called</c> and <c>agent.action.requested</c>,
/// then <c>agent.action.completed</c>, or <c>agent.action.failed</c> and <c>agent.error</c>. A call outside any
/// run opens a run of its own, whose input summary is the tool name. The marking ways are those of
/// <see cref="ApieRunAttribute"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ApieToolAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The tool name, such as <c>kb.search</c>; guardrails match on it.</param>
    public ApieToolAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The tool name, sent as <c>tool.name</c> and, by default, <c>action.name</c>.</summary>
    public string Name { get; }

    /// <summary>The system that provides the tool, such as <c>github</c>, sent as <c>tool.provider</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>How much harm the call can do. Guardrails cannot judge a high or critical tool without its action, resource or environment.</summary>
    public RiskLevel RiskLevel { get; set; }

    /// <summary>
    /// The action type: <c>read</c>, <c>create</c>, <c>update</c>, <c>delete</c>, <c>execute</c>,
    /// <c>communicate</c> or <c>merge</c>. The default is <c>execute</c>, or what name inference finds.
    /// </summary>
    public string? ActionType { get; set; }

    /// <summary>The action name; the tool name by default.</summary>
    public string? ActionName { get; set; }

    /// <summary>The type of resource the call touches, such as <c>database_record</c>; <c>unknown</c> by default.</summary>
    public string? ResourceType { get; set; }

    /// <summary>The environment of the resource, such as <c>production</c>; by default the client's environment.</summary>
    public string? Environment { get; set; }

    /// <summary>The template of the resource's external id, such as <c>"{order.Id}"</c>; see <see cref="ApieRunAttribute.InputSummary"/>.</summary>
    public string? ExternalId { get; set; }

    /// <summary>The template of the events' <c>payload_summary</c>, such as <c>"Refund {amount} on {order.Id}"</c>.</summary>
    public string? PayloadSummary { get; set; }

    /// <summary>Whether the guardrails are asked before the body runs; true by default.</summary>
    public bool Guard { get; set; } = true;

    /// <summary>For a partial method without a body: the name of the method that does the work; <c>&lt;Name&gt;Core</c> by default.</summary>
    public string? Implementation { get; set; }
}
