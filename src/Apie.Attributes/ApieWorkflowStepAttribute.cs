using System;

namespace Apie;

/// <summary>
/// Marks a method whose every call is recorded as a named step of the enclosing run:
/// <c>agent.workflow.step.started</c>, then <c>agent.workflow.step.completed</c>, or
/// <c>agent.workflow.step.failed</c> and <c>agent.error</c>. A call outside any run opens a run of its own.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ApieWorkflowStepAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="key">The step key, such as <c>triage</c>, sent as <c>step_key</c>.</param>
    public ApieWorkflowStepAttribute(string key)
    {
        Key = key;
    }

    /// <summary>The step key, sent as <c>step_key</c>.</summary>
    public string Key { get; }

    /// <summary>The display name of the step, sent as <c>step_name</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The zero-based position of the step, sent as <c>step_index</c>; negative means unset.</summary>
    public int Index { get; set; } = -1;

    /// <summary>The template of the events' <c>payload_summary</c>; see <see cref="ApieRunAttribute.InputSummary"/>.</summary>
    public string? PayloadSummary { get; set; }

    /// <summary>For a partial method without a body: the name of the method that does the work; <c>&lt;Name&gt;Core</c> by default.</summary>
    public string? Implementation { get; set; }
}
