using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Testing;
using SupportPipeline;
using Xunit;
using Xunit.Abstractions;

namespace Apie.Samples.Tests;

/// <summary>
/// The queue journal across a crash: the sample is killed while its first <c>POST /v1/events</c> is held by the
/// server, and a second process that uses the same <c>queueStoragePath</c> sends what the first one left, once.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const string ApiKey = "apie_sk_test_crash_recovery";

    // Every wait of this test ends well before this, so a held batch ends only when its client disconnects.
    private static readonly TimeSpan HoldTime = TimeSpan.FromMinutes(10);

    // Generous, because a loaded machine starts and runs a child process slowly. A test that reaches it has failed.
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(2);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "apie-crash-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper _log;

    public CrashRecoveryTests(ITestOutputHelper log)
    {
        _log = log;
        Directory.CreateDirectory(_directory);
    }

    [Fact]
    public async Task KilledMidFlush_RestartSendsPendingOnce()
    {
        await using var server = await LoopbackApieServer.StartAsync();
        server.ExpectedApiKey = ApiKey;
        server.InjectFault("POST", "/v1/events", InjectedFault.Delay(HoldTime));

        var journalPath = Path.Combine(_directory, "apie-queue.jsonl");
        await File.WriteAllTextAsync(Path.Combine(_directory, "apie.config.json"), JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["baseUrl"] = server.BaseUrl.ToString(),
            ["apiKey"] = ApiKey,
            ["queueStoragePath"] = journalPath,
        }));

        // The first process handles the bundled tickets. Its first ticket's line is printed after that ticket's
        // session and runs completed, so their completions are in the journal when the process is killed.
        var bundled = TicketLoader.LoadBundled();
        var firstTicketLine = $"{bundled[0].Id} session ";
        using (var first = SampleProcess.Start(_directory))
        {
            await server.WaitUntilAsync(
                s => first.HasExited || (s.FaultsServed >= 1 && first.Output.Contains(firstTicketLine, StringComparison.Ordinal) && FileLength(journalPath) > 0),
                WaitTimeout);
            Assert.False(first.HasExited, $"The first process exited with {(first.HasExited ? first.ExitCode : 0)} before it was killed.\n{first.Error}");

            first.Kill();
            await first.WaitForExitAsync(WaitTimeout);
        }

        // The killed process's connections close, so the server ends every held batch without accepting it.
        await server.WaitUntilAsync(s => s.Requests.Count(IsEventBatch) >= s.FaultsServed, WaitTimeout);
        var firstRequests = server.Requests;
        Assert.All(firstRequests.Where(IsEventBatch), request => Assert.Equal(0, request.ResponseStatus));
        Assert.Empty(server.Events);

        var journal = QueueJournalFile.Read(journalPath);
        Assert.True(journal.TornLines <= 1, $"The journal has {journal.TornLines} unreadable lines; a kill can tear only the last one.");
        var pendingEventIds = journal.PendingEventIds();
        Assert.NotEmpty(pendingEventIds);

        // The second process handles one ticket with the same journal, against the same server without faults.
        server.ClearFaults();
        var ticketFile = Path.Combine(_directory, "one-ticket.jsonl");
        await File.WriteAllLinesAsync(ticketFile, [BundledTicketLine(bundled[1].Id)]);
        int secondExitCode;
        string secondError;
        using (var second = SampleProcess.Start(_directory, arguments: ticketFile))
        {
            secondExitCode = await second.WaitForExitAsync(WaitTimeout);
            secondError = second.Error;
        }

        Assert.True(secondExitCode == 0, $"The second process exited with {secondExitCode}.\n{secondError}");

        var allRequests = server.Requests;
        var secondRequests = allRequests.Where(request => request.Index >= firstRequests.Count).ToList();
        Assert.Equal(firstRequests.Count, allRequests.Count - secondRequests.Count);

        // Every event the journal kept is accepted exactly once, and no event id is accepted twice.
        var acceptedCounts = server.Events
            .GroupBy(item => item.GetProperty("event_id").GetString()!)
            .ToDictionary(group => group.Key, group => group.Count());
        var missing = pendingEventIds.Where(id => !acceptedCounts.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {pendingEventIds.Count} events left in the journal were never accepted: {string.Join(", ", missing)}");
        var repeated = acceptedCounts.Where(pair => pair.Value > 1).Select(pair => $"{pair.Key} ({pair.Value} times)").ToList();
        Assert.True(repeated.Count == 0, $"Event ids accepted more than once: {string.Join(", ", repeated)}");

        // Every run and session that the first process created and did not complete is completed once by the second.
        var createdByFirst = CreatedIds(firstRequests);
        var completedByFirst = CompletedIds(firstRequests);
        var completedBySecond = CompletedIds(secondRequests);
        var leftOpen = createdByFirst.Where(created => !completedByFirst.Contains(created.Path)).ToList();
        _log.WriteLine(
            $"The first process left {journal.PendingCount(kind: null)} items in the journal, {pendingEventIds.Count} of them events, "
            + $"and {leftOpen.Count} of its {createdByFirst.Count} runs and sessions open; it sent {firstRequests.Count(IsEventBatch)} held batches.");
        Assert.Contains(leftOpen, created => created.Path.StartsWith("/v1/runs/", StringComparison.Ordinal));
        Assert.Contains(leftOpen, created => created.Path.StartsWith("/v1/sessions/", StringComparison.Ordinal));
        foreach (var created in leftOpen)
        {
            Assert.True(
                completedBySecond.Count(path => path == created.Path) == 1,
                $"{created.Path} was completed {completedBySecond.Count(path => path == created.Path)} times by the second process; expected once.");
        }

        // The journal kept the server id of every record the first process created, so the restart refers to them.
        var journaledServerIds = journal.ServerIds();
        Assert.All(createdByFirst, created => Assert.Contains(created.Id, journaledServerIds));

        // Creations left in the journal are sent once, next to the second process's own session and three runs.
        Assert.Equal(journal.PendingCount("session") + 1, secondRequests.Count(request => IsAccepted(request) && request.Path == "/v1/sessions"));
        Assert.Equal(journal.PendingCount("run") + 3, secondRequests.Count(request => IsAccepted(request) && IsRunCreation(request)));

        var completionsTwice = CompletedIds(allRequests).GroupBy(path => path).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        Assert.True(completionsTwice.Count == 0, $"Completed more than once: {string.Join(", ", completionsTwice)}");

        // NOTE: a run or session that was still running when the process was killed has no completion in the journal,
        // so the second process creates it and leaves it open. This test only reports how many there are.
        var completedAnywhere = CompletedIds(allRequests).ToHashSet();
        var neverCompleted = CreatedIds(secondRequests).Count(created => !completedAnywhere.Contains(created.Path));
        _log.WriteLine($"The second process created {neverCompleted} runs and sessions from the journal that no process completed.");

        // The second process shut down cleanly, so its journal keeps nothing for a third start.
        var after = QueueJournalFile.Read(journalPath);
        Assert.Equal(0, after.TornLines);
        Assert.Empty(after.PendingEventIds());
        Assert.Equal(0, after.PendingCount(kind: null));
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    private static bool IsEventBatch(RecordedRequest request) => request.Method == "POST" && request.Path == "/v1/events";

    private static bool IsAccepted(RecordedRequest request) => request.ResponseStatus is >= 200 and < 300;

    private static bool IsRunCreation(RecordedRequest request)
        => request.Path == "/v1/runs" || (request.Path.StartsWith("/v1/sessions/", StringComparison.Ordinal) && request.Path.EndsWith("/runs", StringComparison.Ordinal));

    /// <summary>Returns the server id of each accepted run and session creation, with the path that completes it.</summary>
    private static List<(string Id, string Path)> CreatedIds(IEnumerable<RecordedRequest> requests)
    {
        var created = new List<(string Id, string Path)>();
        foreach (var request in requests.Where(IsAccepted))
        {
            var id = RecordedTrace.String(request.ResponseJson, "id");
            if (request.Path == "/v1/sessions" && id is not null)
            {
                created.Add((id, $"/v1/sessions/{id}/complete"));
            }
            else if (IsRunCreation(request) && id is not null)
            {
                created.Add((id, $"/v1/runs/{id}/complete"));
            }
        }

        return created;
    }

    /// <summary>Returns the path of each accepted run or session completion, once per request.</summary>
    private static List<string> CompletedIds(IEnumerable<RecordedRequest> requests)
        => requests.Where(request => IsAccepted(request) && request.Path.EndsWith("/complete", StringComparison.Ordinal)).Select(request => request.Path).ToList();

    private static string BundledTicketLine(string ticketId)
        => File.ReadLines(TicketLoader.BundledPath).Single(line => line.Contains($"\"id\":\"{ticketId}\"", StringComparison.Ordinal));

    // The child process opens the journal for itself alone, which blocks reading it here, but not its length.
    private static long FileLength(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }

    /// <summary>
    /// The lines of a <c>queueStoragePath</c> journal: <c>add</c> lines with an item number <c>n</c> and a
    /// <c>kind</c>, <c>done</c> lines with the number of a sent item, and <c>id</c> lines with a record's server id.
    /// </summary>
    private sealed class QueueJournalFile
    {
        private readonly List<JsonElement> _lines;

        private QueueJournalFile(List<JsonElement> lines, int tornLines)
        {
            _lines = lines;
            TornLines = tornLines;
        }

        /// <summary>The number of lines that are not valid JSON.</summary>
        public int TornLines { get; }

        public static QueueJournalFile Read(string path)
        {
            var lines = new List<JsonElement>();
            var torn = 0;
            foreach (var text in File.ReadAllLines(path).Where(text => text.Length > 0))
            {
                try
                {
                    using var document = JsonDocument.Parse(text);
                    lines.Add(document.RootElement.Clone());
                }
                catch (JsonException)
                {
                    torn++;
                }
            }

            return new QueueJournalFile(lines, torn);
        }

        /// <summary>Returns the <c>add</c> lines whose item number no <c>done</c> line names, in file order.</summary>
        public List<JsonElement> Pending()
        {
            var done = _lines.Where(line => Op(line) == "done").Select(line => line.GetProperty("n").GetInt64()).ToHashSet();
            return _lines.Where(line => Op(line) == "add" && !done.Contains(line.GetProperty("n").GetInt64())).ToList();
        }

        /// <summary>Returns the number of pending items of <paramref name="kind"/>, or of every kind for null.</summary>
        public int PendingCount(string? kind) => Pending().Count(line => kind is null || RecordedTrace.String(line, "kind") == kind);

        public List<string> PendingEventIds()
            => Pending()
                .Where(line => RecordedTrace.String(line, "kind") == "event")
                .Select(line => RecordedTrace.String(line.GetProperty("event"), "event_id")!)
                .ToList();

        public HashSet<string> ServerIds()
            => _lines.Where(line => Op(line) == "id").Select(line => RecordedTrace.String(line, "server_id")!).ToHashSet();

        private static string? Op(JsonElement line) => RecordedTrace.String(line, "op");
    }
}

/// <summary>
/// The sample started as its own process with <c>dotnet exec</c> in a working directory, as a user starts it, with
/// every <c>APIE_</c> variable removed from its environment. Its output is collected while it runs.
/// </summary>
internal sealed class SampleProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly List<(DateTimeOffset ReceivedAt, string Text)> _outputLines = new();

    private SampleProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The standard output received so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The lines of standard output received so far, each with the time this process read it.</summary>
    public IReadOnlyList<(DateTimeOffset ReceivedAt, string Text)> OutputLines
    {
        get
        {
            lock (_output)
            {
                return _outputLines.ToList();
            }
        }
    }

    /// <summary>The standard error received so far.</summary>
    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the sample in <paramref name="workingDirectory"/> with <paramref name="environment"/> added to the cleaned environment.</summary>
    public static SampleProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(SampleAssemblyPath());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The environment is a configuration source: a developer's own APIE_ variables must not reach the sample.
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("APIE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var variable in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable.Key] = variable.Value;
        }

        var process = new Process { StartInfo = start };
        var sample = new SampleProcess(process);
        process.OutputDataReceived += (_, line) => sample.AppendOutput(line.Data);
        process.ErrorDataReceived += (_, line) => Append(sample._error, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sample;
    }

    /// <summary>Waits until the process exits and its output is read; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once, as a crash or <c>kill -9</c> would, with no shutdown code running.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void AppendOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            _outputLines.Add((DateTimeOffset.UtcNow, line));
        }
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }

    /// <summary>
    /// Returns the sample as its own build wrote it. The copy next to this test assembly cannot start alone,
    /// because its dependencies were resolved for the test project.
    /// </summary>
    private static string SampleAssemblyPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        for (var directory = testOutput; directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "samples", "SupportPipeline", "bin", configuration, framework, "SupportPipeline.dll");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"No SupportPipeline.dll built for {configuration}/{framework} above {testOutput.FullName}.");
    }
}
