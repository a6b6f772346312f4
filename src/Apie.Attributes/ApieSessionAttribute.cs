using System;

namespace Apie;

/// <summary>
/// Marks a method whose every call is recorded as an Apie session. Runs started while the method works belong
/// to that session. The session is completed <c>completed</c>, <c>failed</c>, or <c>cancelled</c> when the method
/// ends with an <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// The two marking ways of <see cref="ApieRunAttribute"/> apply: a method with a body is wrapped at its call
/// sites, and a <c>partial</c> method without a body gets a generated body that calls its implementation.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ApieSessionAttribute : Attribute
{
    /// <summary>Creates the attribute with no input summary: the session's summary is <c>TypeName.MethodName</c>.</summary>
    public ApieSessionAttribute()
    {
    }

    /// <summary>Creates the attribute with an input summary template.</summary>
    /// <param name="inputSummary">The template of the session's input summary, such as <c>"Resolve {ticket.Id}"</c>.</param>
    public ApieSessionAttribute(string inputSummary)
    {
        InputSummary = inputSummary;
    }

    /// <summary>The kind of session; <see cref="SessionKind.SingleAgent"/> by default.</summary>
    public SessionKind Kind { get; set; } = SessionKind.SingleAgent;

    /// <summary>The template of the session's input summary; see <see cref="ApieRunAttribute.InputSummary"/>.</summary>
    public string? InputSummary { get; set; }

    /// <summary>The template of the session's output summary, which may name <c>{result}</c>.</summary>
    public string? OutputSummary { get; set; }

    /// <summary>The environment of the session; by default the client's environment.</summary>
    public string? Environment { get; set; }

    /// <summary>
    /// For a partial method without a body: the name of the method that does the work. The default is the
    /// method's name followed by <c>Core</c>.
    /// </summary>
    public string? Implementation { get; set; }
}
