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
        => new(new RunDescription(inputSummary, role, stepKey, stepName, stepIndex < 0 ? null : stepIndex, environment));

    /// <summary>Describes a session that opens when a stream's enumeration begins.</summary>
    public static ApieStart DescribeSession(SessionKind kind, string? inputSummary, string? environment)
        => new(kind, inputSummary, environment);

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
