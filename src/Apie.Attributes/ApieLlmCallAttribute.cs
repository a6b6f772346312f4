using System;

namespace Apie;

/// <summary>
/// Marks a method whose every call is recorded as a model call of the enclosing run: <c>agent.llm.called</c>,
/// then <c>agent.llm.completed</c>, or <c>agent.llm.failed</c> and <c>agent.error</c>. The events carry the model
/// provider and name. A call outside any run opens a run of its own.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ApieLlmCallAttribute : Attribute
{
    /// <summary>The model provider, such as <c>anthropic</c>; the client's <c>model.provider</c> by default.</summary>
    public string? Provider { get; set; }

    /// <summary>The model name; the client's <c>model.name</c> by default.</summary>
    public string? Model { get; set; }

    /// <summary>The template of the events' <c>payload_summary</c>; see <see cref="ApieRunAttribute.InputSummary"/>.</summary>
    public string? InputSummary { get; set; }

    /// <summary>For a partial method without a body: the name of the method that does the work; <c>&lt;Name&gt;Core</c> by default.</summary>
    public string? Implementation { get; set; }
}
