using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml.Linq;
using Apie.Generators.Tests.Infrastructure;

namespace Apie.BuildCost;

/// <summary>
/// A project that uses Apie as a package user's project does: the runtime as a project reference, the generator
/// assembly (which also contains the analyzers) as an analyzer reference, and Apie.targets for the interceptor
/// settings. Its sources come from <see cref="LargeProject"/>. With <see cref="WithoutApieProperty"/> set, the
/// same sources build without the generator and analyzers.
/// </summary>
internal sealed class ConsumerProject
{
    /// <summary>MSBuild property that, set to true, adds the global analyzer config that disables the Apie rules.</summary>
    public const string SuppressApieRulesProperty = "SuppressApieRules";

    /// <summary>
    /// MSBuild property that, set to true, builds the project as plain C#: without the Apie generator and
    /// analyzers, and with a file that gives each partial method its body.
    /// </summary>
    public const string WithoutApieProperty = "WithoutApie";

    private const string SuppressionFile = "SuppressApieRules.globalconfig";

    private const string PartialBodiesFile = "PartialBodies.cs";

    private ConsumerProject(string directory, string projectFile)
    {
        Directory = directory;
        ProjectFile = projectFile;
    }

    /// <summary>Folder of the project file and its sources.</summary>
    public string Directory { get; }

    /// <summary>Full path of the .csproj file.</summary>
    public string ProjectFile { get; }

    /// <summary>
    /// Writes the project into a new folder under <paramref name="workDirectory"/>, replacing the folder of an
    /// earlier run with the same counts.
    /// </summary>
    public static ConsumerProject Write(string repositoryRoot, string workDirectory, int methods, int callsPerMethod)
    {
        var directory = Path.Combine(workDirectory, $"Large{methods}x{callsPerMethod}");
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        System.IO.Directory.CreateDirectory(directory);

        // Empty files stop MSBuild's upward search, so no Directory.*.props or .targets above the work folder
        // applies to this project.
        const string emptyProject = "<Project>\n  <!-- Empty on purpose: stops MSBuild's search of parent folders. -->\n</Project>\n";
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(directory, name), emptyProject);
        }

        var projectFile = Path.Combine(directory, "Large.csproj");
        ProjectXml(repositoryRoot).Save(projectFile);

        foreach (var (text, path) in LargeProject.Create(methods, callsPerMethod))
        {
            File.WriteAllText(Path.Combine(directory, path), text);
        }

        File.WriteAllText(Path.Combine(directory, PartialBodiesFile), LargeProject.PartialBodies(methods));

        return new ConsumerProject(directory, projectFile);
    }

    /// <summary>
    /// Writes the global analyzer config that the project uses when <see cref="SuppressApieRulesProperty"/> is
    /// true: severity none for each rule id in <paramref name="ruleIds"/>.
    /// </summary>
    public void WriteRuleSuppression(IEnumerable<string> ruleIds)
    {
        var text = new StringBuilder();
        text.AppendLine("is_global = true");
        foreach (var id in ruleIds)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"dotnet_diagnostic.{id}.severity = none");
        }

        File.WriteAllText(Path.Combine(Directory, SuppressionFile), text.ToString());
    }

    /// <summary>Deletes the bin folder and the configuration's obj folder, so the next build is a full one.</summary>
    /// <remarks>obj/project.assets.json stays, so builds with --no-restore still work.</remarks>
    public void DeleteBuildOutput(string configuration)
    {
        foreach (var folder in new[] { Path.Combine(Directory, "bin"), Path.Combine(Directory, "obj", configuration) })
        {
            if (System.IO.Directory.Exists(folder))
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static XDocument ProjectXml(string repositoryRoot)
    {
        string Source(string relativePath) => Path.GetFullPath(Path.Combine(repositoryRoot, "src", relativePath));

        var project = new XElement(
            "Project",
            new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement(
                "PropertyGroup",
                new XElement("TargetFramework", "net10.0"),
                new XElement("Nullable", "enable"),
                new XElement("TreatWarningsAsErrors", "true"),
                new XElement("ImplicitUsings", "disable"),
                new XElement("IsPackable", "false")),
            new XElement(
                "ItemGroup",
                new XElement("ProjectReference", new XAttribute("Include", Source("Apie.Runtime/Apie.Runtime.csproj"))),
                new XElement(
                    "ProjectReference",
                    new XAttribute("Include", Source("Apie.Generators/Apie.Generators.csproj")),
                    new XAttribute("OutputItemType", "Analyzer"),
                    new XAttribute("ReferenceOutputAssembly", "false"))),
            new XElement(
                "ItemGroup",
                new XAttribute("Condition", $"'$({SuppressApieRulesProperty})' == 'true'"),
                new XElement("GlobalAnalyzerConfigFiles", new XAttribute("Include", SuppressionFile))),
            new XElement(
                "ItemGroup",
                new XAttribute("Condition", $"'$({WithoutApieProperty})' != 'true'"),
                new XElement("Compile", new XAttribute("Remove", PartialBodiesFile))),

            // The analyzer item comes from the project reference, so it is removed just before the compiler runs.
            // The project graph stays the same, so the builds share one restore.
            new XElement(
                "Target",
                new XAttribute("Name", "RemoveApieGenerator"),
                new XAttribute("BeforeTargets", "CoreCompile"),
                new XAttribute("Condition", $"'$({WithoutApieProperty})' == 'true'"),
                new XElement(
                    "ItemGroup",
                    new XElement(
                        "Analyzer",
                        new XAttribute("Remove", "@(Analyzer)"),
                        new XAttribute("Condition", "'%(Filename)' == 'Apie.Generators'")))),
            new XElement("Import", new XAttribute("Project", Source("Apie.Runtime/buildTransitive/Apie.targets"))));

        return new XDocument(project);
    }
}
