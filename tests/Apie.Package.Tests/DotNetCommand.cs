using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Apie.Package.Tests;

/// <summary>The exit code and output of one finished <c>dotnet</c> command.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Output, string Error, TimeSpan Duration)
{
    /// <summary>Returns the MSBuild, compiler and NuGet warnings in the output, one line each.</summary>
    public IReadOnlyList<string> Warnings()
        => Output.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => Regex.IsMatch(line, @"\bwarning [A-Z]+[0-9]+\b|: warning\b"))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Describes the command and its output, for assertion messages.</summary>
    public override string ToString()
        => $"dotnet {CommandLine}\nexit code {ExitCode} after {Duration.TotalSeconds:F0} s\n--- output\n{Output}\n--- error\n{Error}";
}

/// <summary>Runs the <c>dotnet</c> CLI in a child process, as a user would from a shell.</summary>
public static class DotNetCommand
{
    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> and waits at most
    /// <paramref name="timeout"/>, then kills the process tree and throws <see cref="TimeoutException"/>.
    /// A value of null in <paramref name="environment"/> removes that variable.
    /// </summary>
    public static async Task<CommandResult> RunAsync(
        string workingDirectory,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
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

        // These tests run under `dotnet test`, so MSBuild variables such as MSBuildExtensionsPath may be set here.
        // The nested command starts without them, as from a shell. An Apie key or base URL of the developer would
        // take the consumer out of local mode.
        var inherited = start.Environment.Keys
            .Where(name => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("APIE_", StringComparison.Ordinal))
            .ToList();
        foreach (var name in inherited)
        {
            start.Environment.Remove(name);
        }

        start.Environment.Remove("DOTNET_ROLL_FORWARD");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        foreach (var variable in environment ?? new Dictionary<string, string?>())
        {
            if (variable.Value is null)
            {
                start.Environment.Remove(variable.Key);
            }
            else
            {
                start.Environment[variable.Key] = variable.Value;
            }
        }

        var commandLine = string.Join(" ", arguments);
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Failed to start `dotnet {commandLine}`.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`dotnet {commandLine}` in {workingDirectory} did not finish within {timeout.TotalSeconds:F0} s and was killed.");
        }

        return new CommandResult(commandLine, process.ExitCode, await output, await error, stopwatch.Elapsed);
    }
}
