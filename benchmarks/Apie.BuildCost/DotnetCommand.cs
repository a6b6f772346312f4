using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace Apie.BuildCost;

/// <summary>Result of one run of the dotnet CLI.</summary>
/// <param name="ExitCode">Exit code of the process.</param>
/// <param name="Elapsed">Wall time from the start of the process to its exit.</param>
/// <param name="LogFile">File that contains the standard output and standard error of the run.</param>
internal sealed record DotnetResult(int ExitCode, TimeSpan Elapsed, string LogFile);

/// <summary>Runs the dotnet CLI as a child process and writes what it prints to a log file.</summary>
internal static class DotnetCommand
{
    /// <summary>Longest time one command may take before it is stopped.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> and returns its
    /// exit code and wall time. Throws <see cref="TimeoutException"/> after stopping a run that takes longer than
    /// 30 minutes.
    /// </summary>
    public static DotnetResult Run(IReadOnlyList<string> arguments, string workingDirectory, string logFile)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The parser reads English MSBuild and compiler messages.
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en-US";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var log = new StreamWriter(logFile);
        var logLock = new object();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (logLock)
            {
                log.WriteLine(line);
            }
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("Failed to start 'dotnet'. Check that the .NET SDK is on PATH.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(
                $"'dotnet {string.Join(' ', arguments)}' timed out after {s_timeout.TotalMinutes} minutes and was stopped. See {logFile}.");
        }

        // The parameterless overload also waits until the redirected output has been read to its end.
        process.WaitForExit();
        stopwatch.Stop();
        return new DotnetResult(process.ExitCode, stopwatch.Elapsed, logFile);
    }
}
