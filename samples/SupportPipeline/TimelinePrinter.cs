using System;
using System.Globalization;
using System.IO;

namespace SupportPipeline;

/// <summary>Writes ticket timelines and the pipeline summary as plain text.</summary>
internal static class TimelinePrinter
{
    private const int LabelWidth = 30;

    /// <summary>
    /// Writes the session line of the ticket, then one line per run, indented under the session: the orchestrator
    /// one level, its workers two.
    /// </summary>
    public static void WriteTicket(TextWriter output, TicketReport report)
    {
        var timeline = report.Timeline;
        if (timeline.Session is { } session)
        {
            WriteLine(output, $"{timeline.TicketId} session", session, report.Ticket.Subject);
        }

        foreach (var run in timeline.Runs)
        {
            var indent = run.Level == StepLevel.Worker ? "    " : "  ";
            var label = run.StepKey is null ? run.Role : Invariant($"{run.Role} {run.StepKey} (step {run.StepIndex})");
            WriteLine(output, indent + label, run, run.Detail);
        }

        output.WriteLine();
    }

    /// <summary>Writes the summary line: counts, and where Apie sent its requests.</summary>
    public static void WriteSummary(TextWriter output, PipelineReport report)
    {
        var verb = report.ApieIsLocal ? "wrote" : "sent";
        output.WriteLine(Invariant(
            $"Processed {report.Tickets.Count} tickets: {report.RunCount} runs, {report.FailedRunCount} failed runs, {report.EscalationCount} escalations. Apie {verb} its requests to {report.ApieDestination}"));
    }

    private static void WriteLine(TextWriter output, string label, TimelineStep step, string? detail)
        => output.WriteLine(Invariant($"{label,-LabelWidth} {StatusText(step.Status),-9} {Milliseconds(step.Duration),9}  {detail}"));

    private static string StatusText(StepStatus status) => status switch
    {
        StepStatus.Completed => "completed",
        StepStatus.Failed => "failed",
        StepStatus.Cancelled => "cancelled",
        _ => "running",
    };

    private static string Milliseconds(TimeSpan duration) => Invariant($"{duration.TotalMilliseconds:0.0} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
