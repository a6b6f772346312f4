using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Apie.Package.Tests;

/// <summary>
/// The Apie package, packed once for all tests of the collection from the repository's sources into a temporary
/// folder feed, and ConsumerApp built against it for net8.0 and net10.0.
/// </summary>
/// <remarks>
/// The pack writes its bin and obj folders under the temporary folder as well (<c>--artifacts-path</c>), so it
/// never touches the outputs of the build that runs these tests. The consumer restores into a packages folder of
/// its own, so an Apie package of the same version cached by an earlier restore cannot stand in for this one.
/// </remarks>
public sealed class PackedPackage : IAsyncLifetime
{
    private static readonly TimeSpan s_packTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The temporary folder that contains the feed, the pack's outputs, the consumer and its packages.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "apie-package-" + Guid.NewGuid().ToString("N"));

    /// <summary>The folder feed that <c>dotnet pack</c> wrote the package into.</summary>
    public string FeedDirectory => Path.Combine(Root, "feed");

    /// <summary>The copy of ConsumerApp that is built against the feed.</summary>
    public string ConsumerDirectory => Path.Combine(Root, "consumer");

    /// <summary>The NuGet packages folder of the consumer's restore, set through <c>NUGET_PACKAGES</c>.</summary>
    public string PackagesDirectory => Path.Combine(Root, "packages");

    /// <summary>The path of the packed <c>Apie.VERSION.nupkg</c>.</summary>
    public string PackagePath { get; private set; } = "";

    /// <summary>The package version, read from the name of the packed file.</summary>
    public string Version { get; private set; } = "";

    /// <summary>The <c>dotnet pack</c> of src/Apie.Package.</summary>
    public CommandResult Pack { get; private set; } = null!;

    /// <summary>The <c>dotnet build</c> of the consumer, with its restore.</summary>
    public CommandResult ConsumerBuild { get; private set; } = null!;

    /// <summary>Packs the package and builds the consumer. The tests check the results.</summary>
    public async Task InitializeAsync()
    {
        var repository = RepositoryRoot();
        Directory.CreateDirectory(Root);

        Pack = await DotNetCommand.RunAsync(
            repository,
            new[]
            {
                "pack", Path.Combine("src", "Apie.Package", "Apie.Package.csproj"),
                "--configuration", "Release",
                "--output", FeedDirectory,
                "--artifacts-path", Path.Combine(Root, "artifacts"),
                // Build servers would outlive the command and keep its output pipes open.
                "--disable-build-servers",
                "-tl:off",
            },
            s_packTimeout);
        if (Pack.ExitCode != 0)
        {
            return;
        }

        PackagePath = Directory.GetFiles(FeedDirectory, "Apie.*.nupkg").Single(path => !path.EndsWith(".symbols.nupkg", StringComparison.Ordinal));
        Version = Path.GetFileNameWithoutExtension(PackagePath).Substring("Apie.".Length);

        CopyConsumer(Path.Combine(repository, "tests", "Apie.Package.Tests", "ConsumerApp"), ConsumerDirectory);
        WriteIsolationFiles();

        ConsumerBuild = await DotNetCommand.RunAsync(
            ConsumerDirectory,
            new[] { "build", "ConsumerApp.csproj", "--disable-build-servers", "-tl:off", "-p:ApiePackageVersion=" + Version },
            s_buildTimeout,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagesDirectory });
    }

    /// <summary>Deletes the temporary folder.</summary>
    public Task DisposeAsync()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Returns the path of a file that the consumer build wrote for <paramref name="framework"/>.</summary>
    public string ConsumerOutput(string framework, string fileName)
        => Path.Combine(ConsumerDirectory, "bin", "Debug", framework, fileName);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "src", "Apie.Package", "Apie.Package.csproj")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} contains src/Apie.Package/Apie.Package.csproj.");
    }

    private static void CopyConsumer(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source).Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }
    }

    /// <summary>
    /// Writes a nuget.config that takes Apie from the feed only and everything else from nuget.org, and empty
    /// Directory.* files that stop MSBuild from importing any found in the folders above.
    /// </summary>
    private void WriteIsolationFiles()
    {
        File.WriteAllText(Path.Combine(ConsumerDirectory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="apie-local" value="{FeedDirectory}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="apie-local">
                  <package pattern="Apie" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(ConsumerDirectory, name), "<Project />\n");
        }
    }
}

/// <summary>The tests that share one <see cref="PackedPackage"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackage>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Packed Apie package";
}
