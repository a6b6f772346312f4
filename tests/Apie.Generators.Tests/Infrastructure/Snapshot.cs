using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace Apie.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated code with a committed <c>Snapshots/NAME.verified.cs</c>. With the environment variable
/// <c>APIE_UPDATE_SNAPSHOTS=1</c> it rewrites a snapshot that differs or is missing and still fails, so a
/// regenerated snapshot is always seen and reviewed before it can pass. A test with several snapshots needs one
/// update run per changed snapshot, because the first failure ends the test.
/// </summary>
internal static class Snapshot
{
    public const string UpdateVariable = "APIE_UPDATE_SNAPSHOTS";

    public static void Match(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(FindProjectDirectory(callerPath), "Snapshots");
        var path = Path.Combine(directory, name + ".verified.cs");
        var normalized = actual.Replace("\r\n", "\n");

        var existing = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : null;
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1" && existing != normalized)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, normalized);
            Assert.Fail($"Snapshot {name} was rewritten at {path}. Review the diff and run the tests again without {UpdateVariable}.");
        }

        if (existing is null)
        {
            Assert.Fail($"Snapshot {name} is missing at {path}. Run the tests once with {UpdateVariable}=1 to create it, then review it.");
        }

        Assert.Equal(existing, normalized);
    }

    private static string FindProjectDirectory(string callerPath)
    {
        for (var directory = Path.GetDirectoryName(callerPath); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Apie.Generators.Tests.csproj")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException($"No test project folder above {callerPath}.");
    }
}
