using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using Apie.Recording;
using Apie.Serialization;

namespace Apie.Queue;

/// <summary>
/// Keeps the outbound queue in the file that <c>queueStoragePath</c> names, so that a restart sends what a
/// stopped or killed process left. The file is append-only JSON Lines, one line per change written with one call.
/// A process killed at any moment therefore leaves every earlier line whole, and a torn last line is skipped when read.
/// </summary>
/// <remarks>
/// An item is marked done only after the service accepted it. NOTE: a process killed between the service's
/// response and that mark sends the item again on restart; the window is one file write long.
/// </remarks>
internal sealed class QueueJournal : IDisposable
{
    /// <summary>The lines written since the file was last emptied after which an empty queue empties it again.</summary>
    internal static int TruncateAfterLines { get; set; } = 10_000;

    private static readonly byte[] s_newLine = { (byte)'\n' };

    private readonly FileStream _file;
    private readonly object _gate = new();
    private long _nextNumber;
    private long _linesSinceTruncate;

    // Records whose id line the file contains since it was last emptied. An item that refers to another record gets one first.
    private readonly HashSet<string> _idsWritten = new(StringComparer.Ordinal);

    private QueueJournal(string path, FileStream file)
    {
        Path = path;
        _file = file;
    }

    public string Path { get; }

    /// <summary>
    /// Opens the journal at <paramref name="path"/> for this process alone, reads the items a previous process left,
    /// and rewrites the file to hold only those. Throws <see cref="IOException"/> when another process has it open.
    /// </summary>
    public static (QueueJournal Journal, List<OutboundItem> Restored, int SkippedLines) Open(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        try
        {
            var (lines, skipped) = ReadLines(file);
            var journal = new QueueJournal(path, file);
            var restored = Rebuild(lines);
            journal.Rewrite(restored);
            return (journal, restored, skipped);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes an <c>add</c> line for an item that just joined the queue, after the server ids of the records it
    /// refers to when the file does not hold them since it was last emptied. Registration is not journaled.
    /// </summary>
    public void Added(OutboundItem item)
    {
        if (item is IdentifyItem)
        {
            return;
        }

        foreach (var record in ReferencedRecords(item))
        {
            if (record.ServerId is not null && !HasId(record))
            {
                Created(record);
            }
        }

        item.JournalNumber = Interlocked.Increment(ref _nextNumber);
        Write(LineOf(item));
    }

    /// <summary>Writes a <c>done</c> line for each journaled item that was sent or given up.</summary>
    public void Done(IEnumerable<OutboundItem> items)
    {
        foreach (var item in items)
        {
            if (item.JournalNumber > 0)
            {
                Write(new JournalLine { Op = "done", Number = item.JournalNumber });
            }
        }
    }

    /// <summary>Writes the server id of a created record, before its creation is marked done.</summary>
    public void Created(TraceRecord record)
    {
        if (record.ServerId is { } id)
        {
            Write(new JournalLine { Op = "id", Record = record.LocalId, RecordKind = KindOf(record), ServerId = id });
            lock (_gate)
            {
                _idsWritten.Add(record.LocalId);
            }
        }
    }

    private bool HasId(TraceRecord record)
    {
        lock (_gate)
        {
            return _idsWritten.Contains(record.LocalId);
        }
    }

    /// <summary>Empties the file when the queue is empty and many lines were written; the caller holds the queue's lock.</summary>
    public void TruncateIfLong()
    {
        lock (_gate)
        {
            if (_linesSinceTruncate < TruncateAfterLines)
            {
                return;
            }

            _file.SetLength(0);
            _file.Flush();
            _linesSinceTruncate = 0;
            _idsWritten.Clear();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }

    private void Write(JournalLine line)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, ApieJsonContext.Default.JournalLine);
        var buffer = new byte[bytes.Length + 1];
        Buffer.BlockCopy(bytes, 0, buffer, 0, bytes.Length);
        buffer[bytes.Length] = s_newLine[0];
        lock (_gate)
        {
            // One write call per line: a kill leaves at most the last line torn.
            _file.Seek(0, SeekOrigin.End);
            _file.Write(buffer, 0, buffer.Length);
            _file.Flush();
            _linesSinceTruncate++;
        }
    }

    /// <summary>Replaces the file's content with the records' ids and the items still to send.</summary>
    private void Rewrite(List<OutboundItem> items)
    {
        lock (_gate)
        {
            _file.SetLength(0);
            _linesSinceTruncate = 0;
            _idsWritten.Clear();
        }

        // Added writes the id lines of the records each item refers to.
        foreach (var item in items)
        {
            Added(item);
        }
    }

    private static (List<JournalLine> Lines, int Skipped) ReadLines(FileStream file)
    {
        var lines = new List<JournalLine>();
        var skipped = 0;
        file.Seek(0, SeekOrigin.Begin);
        using var reader = new StreamReader(file, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            if (text.Length == 0)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(text, ApieJsonContext.Default.JournalLine) is { } line)
                {
                    lines.Add(line);
                }
            }
            catch (JsonException)
            {
                // A torn line from a process that was killed while writing it.
                skipped++;
            }
        }

        return (lines, skipped);
    }

    /// <summary>Rebuilds the records and the items that were added and never marked done, in their order.</summary>
    private static List<OutboundItem> Rebuild(List<JournalLine> lines)
    {
        var records = new Dictionary<string, TraceRecord>(StringComparer.Ordinal);
        var pending = new SortedDictionary<long, JournalLine>();
        foreach (var line in lines)
        {
            switch (line.Op)
            {
                case "add":
                    pending[line.Number] = line;
                    if (line.Kind is "run" or "session" or "handoff" && line.Record is { } local && !records.ContainsKey(local))
                    {
                        records[local] = RecordOf(line, records);
                    }

                    break;
                case "done":
                    pending.Remove(line.Number);
                    break;
                case "id" when line.Record is { } named && line.ServerId is { } id:
                    Find(records, line.RecordKind, named).ServerId = id;
                    break;
            }
        }

        var items = new List<OutboundItem>();
        foreach (var line in pending.Values)
        {
            if (ItemOf(line, records) is { } item)
            {
                items.Add(item);
            }
        }

        // A record that no line created and no line named by its server id can never be sent: what refers to it
        // is given up when it reaches the head of the queue.
        foreach (var record in records.Values)
        {
            if (record.ServerId is null && !items.OfType<CreateItem>().Any(create => create.Record == record)
                && !items.OfType<HandoffItem>().Any(create => create.Handoff == record))
            {
                record.CreateFailed = true;
            }
        }

        return items;
    }

    private static OutboundItem? ItemOf(JournalLine line, Dictionary<string, TraceRecord> records)
    {
        switch (line.Kind)
        {
            case "run" or "session" when line.Record is { } local:
                return new CreateItem(records[local]);
            case "handoff" when line.Record is { } local && records[local] is HandoffRecord handoff:
                return new HandoffItem(handoff);
            case "complete" when line.Record is { } local && line.Complete is { } body:
                return new CompleteItem(Find(records, line.RecordKind, local), body);
            case "event" when line.Event is { } wire:
                return new EventItem(
                    wire,
                    line.Run is null ? null : Find(records, "run", line.Run) as RunRecord,
                    line.Session is null ? null : Find(records, "session", line.Session) as SessionRecord,
                    line.Handoff is null ? null : Find(records, "handoff", line.Handoff) as HandoffRecord);
            default:
                return null;
        }
    }

    private static TraceRecord RecordOf(JournalLine line, Dictionary<string, TraceRecord> records)
    {
        var local = line.Record!;
        switch (line.Kind)
        {
            case "session":
                var kind = line.SessionKind switch
                {
                    "multi_agent" => SessionKind.MultiAgent,
                    "pipeline" => SessionKind.Pipeline,
                    _ => SessionKind.SingleAgent,
                };
                return new SessionRecord(kind, line.InputSummary, line.Environment) { LocalId = local };
            case "handoff":
                return new HandoffRecord(
                    (SessionRecord)Find(records, "session", line.Session!),
                    line.Run is null ? null : Find(records, "run", line.Run) as RunRecord,
                    line.Target is null ? null : Find(records, "run", line.Target) as RunRecord,
                    line.InputSummary)
                {
                    LocalId = local,
                    TargetAgentId = line.TargetAgentId,
                    Reason = line.Reason,
                    PayloadSummary = line.PayloadSummary,
                };
            default:
                var description = new RunDescription(line.InputSummary, line.Role, line.StepKey, line.StepName, line.StepIndex, line.Environment);
                return new RunRecord(
                    description,
                    line.Session is null ? null : Find(records, "session", line.Session) as SessionRecord,
                    line.Parent is null ? null : Find(records, "run", line.Parent) as RunRecord)
                {
                    LocalId = local,
                };
        }
    }

    private static TraceRecord Find(Dictionary<string, TraceRecord> records, string? kind, string local)
    {
        if (!records.TryGetValue(local, out var record))
        {
            record = Stub(kind, local);
            records[local] = record;
        }

        return record;
    }

    // A record known only by reference; its id comes from a later id line or never.
    private static TraceRecord Stub(string? kind, string local) => kind switch
    {
        "session" => new SessionRecord(SessionKind.SingleAgent, null, null) { LocalId = local },
        "handoff" => new HandoffRecord(new SessionRecord(SessionKind.SingleAgent, null, null), null, null, null) { LocalId = local },
        _ => new RunRecord(new RunDescription(null, null, null, null, null, null), null, null) { LocalId = local },
    };

    private static IEnumerable<TraceRecord> ReferencedRecords(OutboundItem item)
    {
        switch (item)
        {
            case CreateItem create when create.Record is RunRecord run:
                if (run.Session is not null)
                {
                    yield return run.Session;
                }

                if (run.Parent is not null)
                {
                    yield return run.Parent;
                }

                break;
            case HandoffItem handoff:
                yield return handoff.Handoff.Session;
                foreach (var run in new[] { handoff.Handoff.Source, handoff.Handoff.Target })
                {
                    if (run is not null)
                    {
                        yield return run;
                    }
                }

                break;
            case CompleteItem complete:
                yield return complete.Record;
                break;
            case EventItem evented:
                foreach (var record in new TraceRecord?[] { evented.Run, evented.Session, evented.Handoff })
                {
                    if (record is not null)
                    {
                        yield return record;
                    }
                }

                break;
        }
    }

    private static string KindOf(TraceRecord record) => record switch
    {
        SessionRecord => "session",
        HandoffRecord => "handoff",
        _ => "run",
    };

    private static JournalLine LineOf(OutboundItem item)
    {
        var line = new JournalLine { Op = "add", Number = item.JournalNumber };
        switch (item)
        {
            case CreateItem { Record: SessionRecord session }:
                line.Kind = "session";
                line.Record = session.LocalId;
                line.SessionKind = session.WireKind;
                line.InputSummary = session.InputSummary;
                line.Environment = session.Environment;
                break;
            case CreateItem { Record: RunRecord run }:
                line.Kind = "run";
                line.Record = run.LocalId;
                line.Session = run.Session?.LocalId;
                line.Parent = run.Parent?.LocalId;
                line.InputSummary = run.InputSummary;
                line.Role = run.Description.Role;
                line.StepKey = run.Description.StepKey;
                line.StepName = run.Description.StepName;
                line.StepIndex = run.Description.StepIndex;
                line.Environment = run.Environment;
                break;
            case HandoffItem { Handoff: var handoff }:
                line.Kind = "handoff";
                line.Record = handoff.LocalId;
                line.Session = handoff.Session.LocalId;
                line.Run = handoff.Source?.LocalId;
                line.Target = handoff.Target?.LocalId;
                line.InputSummary = handoff.InputSummary;
                line.TargetAgentId = handoff.TargetAgentId;
                line.Reason = handoff.Reason;
                line.PayloadSummary = handoff.PayloadSummary;
                break;
            case CompleteItem complete:
                line.Kind = "complete";
                line.Record = complete.Record.LocalId;
                line.RecordKind = KindOf(complete.Record);
                line.Complete = complete.Body;
                break;
            case EventItem evented:
                line.Kind = "event";
                line.Run = evented.Run?.LocalId;
                line.Session = evented.Session?.LocalId;
                line.Handoff = evented.Handoff?.LocalId;
                line.Event = evented.Wire;
                break;
        }

        return line;
    }
}
