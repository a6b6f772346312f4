using System;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Apie.Context;
using Apie.Diagnostics;
using Apie.Queue;
using Apie.Recording;
using Apie.Serialization;
using Microsoft.Extensions.Logging;

namespace Apie;

// Opening and completing runs and sessions, and the events they carry. Everything here only queues: the
// dispatcher sends.
public sealed partial class ApieClient
{
    private static readonly object s_reported = new();

    // Exceptions already sent as agent.error; weak, so the table never keeps an exception alive.
    private readonly ConditionalWeakTable<Exception, object> _reportedExceptions = new();

    // Held while an event takes its sequence numbers and its place in the queue.
    private readonly object _numbering = new();

    internal ApieScope StartRunScope(RunDescription description)
    {
        if (_dispatcher is null)
        {
            return ApieScope.Disabled;
        }

        try
        {
            var previous = AmbientContext.Current;
            var run = OpenRun(description, previous);
            var callerTelemetry = Activity.Current;
            var telemetry = ApieTelemetry.StartRun(run, Settings.AgentName, Settings.AgentKey);
            AmbientContext.Current = run;
            return new ApieScope(this, run, run, previous, telemetry, callerTelemetry);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Apie could not open a run; the call goes on without one.");
            return ApieScope.Disabled;
        }
    }

    internal ApieScope StartSessionScope(SessionKind kind, string? inputSummary, string? environment)
    {
        if (_dispatcher is null)
        {
            return ApieScope.Disabled;
        }

        try
        {
            var previous = AmbientContext.Current;
            var session = OpenSession(kind, inputSummary, environment);
            var callerTelemetry = Activity.Current;
            var telemetry = ApieTelemetry.StartSession(session);
            AmbientContext.Current = session;
            return new ApieScope(this, session, session, previous, telemetry, callerTelemetry);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Apie could not open a session; the call goes on without one.");
            return ApieScope.Disabled;
        }
    }

    /// <summary>Creates a run record in the session of <paramref name="around"/>, under its run when both share that session.</summary>
    internal RunRecord OpenRun(RunDescription description, IAmbientFrame? around)
        => OpenRun(description, around?.Session, around?.Run);

    /// <summary>Creates a run record in <paramref name="session"/>, under <paramref name="enclosing"/> when that run is of the same session.</summary>
    internal RunRecord OpenRun(RunDescription description, SessionRecord? session, RunRecord? enclosing)
    {
        var parent = session is not null && enclosing is not null && enclosing.Session == session ? enclosing : null;
        var input = _redactor.RedactText(description.InputSummary);
        var environment = description.Environment ?? Settings.Environment;

        var run = new RunRecord(description with { InputSummary = input, Environment = environment }, session, parent);
        _dispatcher?.Enqueue(new CreateItem(run));
        return run;
    }

    internal SessionRecord OpenSession(SessionKind kind, string? inputSummary, string? environment)
    {
        var session = new SessionRecord(kind, _redactor.RedactText(inputSummary), environment ?? Settings.Environment);
        _dispatcher?.Enqueue(new CreateItem(session));
        return session;
    }

    /// <summary>Completes the record as <c>completed</c> with an optional output summary; a second completion is ignored.</summary>
    internal void Complete(TraceRecord record, string? outputSummary)
    {
        try
        {
            Finish(record, "completed", outputSummary, null);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Apie could not complete a record; the call's result is unchanged.");
        }
    }

    /// <summary>
    /// Completes the record of an enumeration with the number of items it produced, and
    /// <c>metadata.abandoned</c> when the consumer stopped before the end.
    /// </summary>
    internal void CompleteStream(TraceRecord record, long items, bool abandoned)
    {
        try
        {
            var metadata = new JsonObject { ["items"] = items };
            if (abandoned)
            {
                metadata["abandoned"] = true;
            }

            Finish(record, "completed", null, metadata);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Apie could not complete a stream's record; the enumeration is unchanged.");
        }
    }

    /// <summary>
    /// Records an <c>agent.error</c> event and completes the record as failed. A cancellation completes a session
    /// as <c>cancelled</c> and a run as <c>failed</c> with <c>metadata.cancelled</c>, and sends no error event.
    /// </summary>
    internal void Fail(TraceRecord record, Exception exception)
    {
        try
        {
            var cancelled = exception is OperationCanceledException;
            var status = cancelled && record is SessionRecord ? "cancelled" : "failed";
            if (record.Status is not null)
            {
                return;
            }

            // An exception that leaves nested runs is reported once, by the innermost record it leaves; the
            // records around it only complete as failed.
            if (!cancelled && TryMarkReported(exception))
            {
                var run = record as RunRecord;
                var session = run is null ? (SessionRecord)record : run.Session;
                CaptureError(exception, run, session);
            }

            Finish(record, status, null, null, exception.GetType().FullName, cancelled);
        }
        catch (Exception failure)
        {
            _logger.LogError(failure, "Apie could not record a failure; the original exception is unchanged.");
        }
    }

    private bool TryMarkReported(Exception exception)
    {
        lock (_reportedExceptions)
        {
            if (_reportedExceptions.TryGetValue(exception, out _))
            {
                return false;
            }

            _reportedExceptions.Add(exception, s_reported);
            return true;
        }
    }

    internal void ReportSummaryFailure(Exception exception)
        => _logger.LogWarning("Apie could not render a summary template ({Error}); the summary is left out.", exception.Message);

    private void CaptureError(Exception exception, RunRecord? run, SessionRecord? session)
    {
        var wire = NewEvent("agent.error", run, session);
        wire.Error = new WireError { Message = exception.Message, Stack = exception.StackTrace };
        wire.Metadata = new JsonObject { ["exception_type"] = exception.GetType().FullName };
        Enqueue(wire, run, session);
    }

    /// <summary>
    /// Redacts the event, then numbers and queues it in one step, so that a run's events leave in the order of
    /// their sequence numbers even when threads of one run record events at the same time.
    /// </summary>
    private void Enqueue(WireEvent wire, RunRecord? run, SessionRecord? session, HandoffRecord? handoff = null)
    {
        if (_dispatcher is null)
        {
            return;
        }

        _redactor.Apply(wire);
        lock (_numbering)
        {
            wire.SequenceNumber = run?.NextSequence();
            wire.SessionSequenceNumber = session?.NextSequence();
            _dispatcher.Enqueue(new EventItem(wire, run, session, handoff));
        }
    }

    /// <summary>Returns the text with every secret-looking value redacted.</summary>
    internal string? RedactText(string? text) => _redactor.RedactText(text);

    /// <summary>Queues the handoff's creation and its <c>agent.handoff.requested</c> event in the source run.</summary>
    internal void RequestHandoff(HandoffRecord handoff)
    {
        _dispatcher?.Enqueue(new HandoffItem(handoff));
        SendHandoffEvent(handoff, "agent.handoff.requested", handoff.Reason, handoff.Source);
    }

    /// <summary>Queues a handoff event in <paramref name="run"/>, or else the ambient run, or else the handoff's source run.</summary>
    internal void SendHandoffEvent(HandoffRecord handoff, string type, string? reason, RunRecord? run = null)
    {
        if (_dispatcher is null)
        {
            return;
        }

        run ??= AmbientContext.Current?.Run ?? handoff.Source;
        var wire = NewEvent(type, run, handoff.Session);
        wire.PayloadSummary = handoff.PayloadSummary;
        wire.Metadata = new JsonObject();
        if (reason is not null)
        {
            wire.Metadata["reason"] = reason;
        }

        Enqueue(wire, run, handoff.Session, handoff);
    }

    private WireEvent NewEvent(string type, RunRecord? run, SessionRecord? session) => new()
    {
        Type = type,
        EventId = Guid.NewGuid().ToString(),
        Timestamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        Environment = run?.Environment ?? session?.Environment ?? Settings.Environment,
        StepKey = run?.Description.StepKey,
        StepName = run?.Description.StepName,
        StepIndex = run?.Description.StepIndex,
    };

    /// <summary>
    /// Queues the completion. Its body is built when it is sent, on the sender's thread, so completing costs the
    /// caller little more than the queue entry.
    /// </summary>
    private void Finish(TraceRecord record, string status, string? outputSummary, JsonObject? metadata, string? errorType = null, bool cancelled = false)
    {
        if (!record.TryComplete(status))
        {
            return;
        }

        if (metadata is not null)
        {
            _redactor.RedactObject(metadata, "metadata");
        }

        var completion = new Completion(status, _redactor.RedactText(outputSummary), Math.Round(record.Elapsed.TotalMilliseconds, 3), errorType, cancelled, metadata);
        _dispatcher?.Enqueue(new CompleteItem(record, completion));
    }
}
