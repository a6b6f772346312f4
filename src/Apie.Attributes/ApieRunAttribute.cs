using System;

namespace Apie;

/// <summary>
/// Marks a method whose every call is recorded as an Apie run: the run is created before the method body runs
/// and completed <c>completed</c> or <c>failed</c> when its work ends (for a task, when the task completes).
/// </summary>
/// <remarks>
/// A method with a body is wrapped at each call site that the Apie generator compiles. A <c>partial</c> method
/// without a body gets a generated body that wraps a call to <c>&lt;Name&gt;Core</c>, or to the method named by
/// <see cref="Implementation"/>, so that calls through delegates and reflection are recorded too.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ApieRunAttribute : Attribute
{
    /// <summary>Creates the attribute with no input summary: the run's summary is <c>TypeName.MethodName</c>.</summary>
    public ApieRunAttribute()
    {
    }

    /// <summary>Creates the attribute with an input summary template.</summary>
    /// <param name="inputSummary">The template of the run's input summary, such as <c>"Triage {ticket.Id}"</c>.</param>
    public ApieRunAttribute(string inputSummary)
    {
        InputSummary = inputSummary;
    }

    /// <summary>
    /// The template of the run's input summary. <c>{name}</c> is a parameter, <c>{name.Member}</c> a property
    /// or field path on it, and <c>{{</c> and <c>}}</c> are literal braces.
    /// </summary>
    public string? InputSummary { get; set; }

    /// <summary>
    /// The template of the run's output summary, sent as <c>metadata.outputSummary</c> when the run completes.
    /// Besides parameters it may name <c>{result}</c> and <c>{result.Member}</c>.
    /// </summary>
    public string? OutputSummary { get; set; }

    /// <summary>The role of the run inside a session: <c>orchestrator</c>, <c>worker</c> or a custom role.</summary>
    public string? Role { get; set; }

    /// <summary>The key of the pipeline step this run performs, sent as <c>step_key</c>.</summary>
    public string? StepKey { get; set; }

    /// <summary>The display name of the pipeline step, sent as <c>step_name</c>.</summary>
    public string? StepName { get; set; }

    /// <summary>The zero-based position of the step in its pipeline, sent as <c>step_index</c>; negative means unset.</summary>
    public int StepIndex { get; set; } = -1;

    /// <summary>The environment of the run, such as <c>production</c>; by default the client's environment.</summary>
    public string? Environment { get; set; }

    /// <summary>
    /// For a partial method without a body: the name of the method that does the work. The default is the
    /// method's name followed by <c>Core</c>.
    /// </summary>
    public string? Implementation { get; set; }
}
