using System;
using System.Globalization;
using System.IO;

namespace SupportPipeline;

/// <summary>Writes ticket timelines and the pipeline summary as plain text.</summary>
internal static class TimelinePrinter
{
    private const int LabelWidth = 30;

    /// <summary>
    /// Writes the session line of the ticket, then one line per run and tool call in the order they started. The
    /// orchestrator is indented one level under the session and its workers two, and a tool call one level under
    /// the run that made it.
    /// </summary>
    public static void WriteTicket(TextWriter output, TicketReport report)
    {
        var timeline = report.Timeline;
        if (timeline.Session is { } session)
        {
            WriteLine(output, $"{timeline.TicketId} session", StatusText(session.Status), session, report.Ticket.Subject);
        }

        foreach (var entry in timeline.Entries)
        {
            switch (entry)
            {
                case TimelineStep run:
                    var label = run.StepKey is null ? run.Role : Invariant($"{run.Role} {run.StepKey} (step {run.StepIndex})");
                    WriteLine(output, Indent(run.Level) + label, StatusText(run.Status), run, run.Detail);
                    break;

                case ToolCallStep toolCall:
                    WriteLine(output, Indent(toolCall.Run.Level) + "  tool " + toolCall.ToolName, StatusText(toolCall.Status), toolCall, toolCall.Detail);
                    break;
            }
        }

        output.WriteLine();
    }

    /// <summary>Writes the summary line: counts, and where Apie sent its requests.</summary>
    public static void WriteSummary(TextWriter output, PipelineReport report)
    {
        var verb = report.ApieIsLocal ? "wrote" : "sent";
        output.WriteLine(Invariant(
            $"Processed {report.Tickets.Count} tickets: {report.RunCount} runs, {report.FailedRunCount} failed runs, {report.EscalationCount} escalations, {report.ToolCallCount} tool calls ({report.BlockedToolCallCount} blocked, {report.FailedToolCallCount} failed). Apie {verb} its requests to {report.ApieDestination}"));
    }

    private static void WriteLine(TextWriter output, string label, string status, TimelineEntry entry, string? detail)
        => output.WriteLine(Invariant($"{label,-LabelWidth} {status,-9} {Milliseconds(entry.Duration),9}  {detail}"));

    private static string Indent(StepLevel level) => level switch
    {
        StepLevel.Session => "",
        StepLevel.Orchestrator => "  ",
        _ => "    ",
    };

    private static string StatusText(StepStatus status) => status switch
    {
        StepStatus.Completed => "completed",
        StepStatus.Failed => "failed",
        StepStatus.Cancelled => "cancelled",
        _ => "running",
    };

    private static string StatusText(ToolCallStatus status) => status switch
    {
        ToolCallStatus.Allowed => "allowed",
        ToolCallStatus.Blocked => "blocked",
        ToolCallStatus.Failed => "failed",
        ToolCallStatus.Cancelled => "cancelled",
        _ => "running",
    };

    private static string Milliseconds(TimeSpan duration) => Invariant($"{duration.TotalMilliseconds:0.0} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
