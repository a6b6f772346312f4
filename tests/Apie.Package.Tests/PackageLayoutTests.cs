using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace Apie.Package.Tests;

/// <summary>The files and metadata inside the packed Apie.VERSION.nupkg.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class PackageLayoutTests
{
    // The public key token of build/apie.snk, which signs every Apie assembly.
    private const string ApiePublicKeyToken = "e40281321181bc61";

    private static readonly string[] s_libraryFrameworks = { "netstandard2.0", "net10.0" };

    private static readonly string[] s_libraryAssemblies = { "Apie.Attributes", "Apie.Runtime", "Apie.Hosting", "Apie.TestKit" };

    private static readonly string[] s_analyzerAssemblies = { "Apie.Generators", "Apie.Generators.CodeFixes" };

    private readonly PackedPackage _package;

    public PackageLayoutTests(PackedPackage package)
    {
        _package = package;
    }

    [Fact]
    public void Pack_SucceedsWithoutWarnings()
    {
        Assert.True(_package.Pack.ExitCode == 0, _package.Pack.ToString());
        Assert.True(_package.Pack.Warnings().Count == 0, _package.Pack.ToString());
    }

    [Fact]
    public void Package_ContainsLibrariesWithDocs()
    {
        var entries = EntryNames();

        foreach (var framework in s_libraryFrameworks)
        {
            foreach (var assembly in s_libraryAssemblies)
            {
                Assert.Contains($"lib/{framework}/{assembly}.dll", entries);
                Assert.Contains($"lib/{framework}/{assembly}.xml", entries);
            }
        }

        // The packaging project compiles an empty assembly of its own, which must stay out of the package.
        Assert.DoesNotContain(entries, entry => entry.EndsWith("Apie.Package.dll", StringComparison.Ordinal));
        Assert.All(entries.Where(entry => entry.StartsWith("lib/", StringComparison.Ordinal)), entry =>
            Assert.Contains(s_libraryFrameworks, framework => entry.StartsWith($"lib/{framework}/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Package_ContainsAnalyzers()
    {
        var entries = EntryNames();

        foreach (var assembly in s_analyzerAssemblies)
        {
            Assert.Contains($"analyzers/dotnet/cs/{assembly}.dll", entries);
        }

        Assert.DoesNotContain(entries, entry => entry.StartsWith("analyzers/", StringComparison.Ordinal) && !entry.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildTransitiveTargets_AddInterceptorNamespace()
    {
        Assert.Contains("buildTransitive/Apie.targets", EntryNames());

        var targets = XDocument.Parse(ReadEntry("buildTransitive/Apie.targets"));
        var properties = targets.Descendants().Where(element => element.Parent?.Name.LocalName == "PropertyGroup").ToList();
        foreach (var name in new[] { "InterceptorsNamespaces", "InterceptorsPreviewNamespaces" })
        {
            var property = Assert.Single(properties, element => element.Name.LocalName == name);
            Assert.Equal($"$({name});Apie.Generated", property.Value);
        }
    }

    [Fact]
    public void Nuspec_HasPackageMetadata()
    {
        var nuspec = XDocument.Parse(ReadEntry("Apie.nuspec"));
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("Apie", metadata.Element(ns + "id")?.Value);
        Assert.Equal(_package.Version, metadata.Element(ns + "version")?.Value);
        Assert.Equal("expression", metadata.Element(ns + "license")?.Attribute("type")?.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.Contains("README.md", EntryNames());
        Assert.Equal("git", metadata.Element(ns + "repository")?.Attribute("type")?.Value);
        Assert.Contains("source-generator", metadata.Element(ns + "tags")?.Value ?? "", StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
    }

    [Fact]
    public void Nuspec_HasDependenciesPerFramework()
    {
        var nuspec = XDocument.Parse(ReadEntry("Apie.nuspec"));
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var groups = nuspec.Descendants(ns + "group").ToDictionary(group => group.Attribute("targetFramework")!.Value, group => group);

        Assert.Equal(new[] { ".NETStandard2.0", "net10.0" }, groups.Keys.OrderBy(key => key, StringComparer.Ordinal));
        foreach (var group in groups.Values)
        {
            var dependencies = group.Elements(ns + "dependency").Select(dependency => dependency.Attribute("id")!.Value).ToList();
            Assert.Contains("Microsoft.Extensions.Logging.Abstractions", dependencies);
            Assert.Contains("Microsoft.Extensions.Hosting.Abstractions", dependencies);
            Assert.DoesNotContain(dependencies, id => id.StartsWith("Apie", StringComparison.Ordinal));
        }

        Assert.Contains(groups[".NETStandard2.0"].Elements(ns + "dependency"), dependency => dependency.Attribute("id")!.Value == "System.Text.Json");
    }

    [Fact]
    public void Assemblies_AreStrongNamedWithApieKey()
    {
        var assemblies = EntryNames().Where(entry => entry.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        Assert.Equal(s_libraryFrameworks.Length * s_libraryAssemblies.Length + s_analyzerAssemblies.Length, assemblies.Count);

        var directory = Path.Combine(_package.Root, "strong-names");
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        foreach (var entry in assemblies)
        {
            var path = Path.Combine(directory, entry.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            archive.GetEntry(entry)!.ExtractToFile(path, overwrite: true);

            var token = AssemblyName.GetAssemblyName(path).GetPublicKeyToken() ?? Array.Empty<byte>();
            Assert.True(Convert.ToHexStringLower(token) == ApiePublicKeyToken, $"{entry} has public key token '{Convert.ToHexStringLower(token)}'.");
        }
    }

    private string[] EntryNames()
    {
        Assert.True(_package.Pack.ExitCode == 0, _package.Pack.ToString());
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        return archive.Entries.Select(entry => entry.FullName).ToArray();
    }

    private string ReadEntry(string name)
    {
        Assert.True(_package.Pack.ExitCode == 0, _package.Pack.ToString());
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        var entry = archive.GetEntry(name) ?? throw new FileNotFoundException($"{name} is missing from {_package.PackagePath}.");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }
}
