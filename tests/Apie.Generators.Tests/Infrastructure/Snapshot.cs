using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace Apie.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated code with a committed <c>Snapshots/NAME.verified.cs</c>. With the environment variable
/// <c>APIE_UPDATE_SNAPSHOTS=1</c> it rewrites the file and still fails, so a regenerated snapshot is always seen
/// and reviewed before it can pass.
/// </summary>
internal static class Snapshot
{
    public const string UpdateVariable = "APIE_UPDATE_SNAPSHOTS";

    public static void Match(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(FindProjectDirectory(callerPath), "Snapshots");
        var path = Path.Combine(directory, name + ".verified.cs");
        var normalized = actual.Replace("\r\n", "\n");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, normalized);
            Assert.Fail($"Snapshot {name} was rewritten at {path}; review the diff and run the tests again without {UpdateVariable}.");
        }

        if (!File.Exists(path))
        {
            Assert.Fail($"Snapshot {name} is missing at {path}; run the tests once with {UpdateVariable}=1 to create it, then review it.");
        }

        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        Assert.Equal(expected, normalized);
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
