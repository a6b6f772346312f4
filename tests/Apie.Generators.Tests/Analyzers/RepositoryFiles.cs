using System;
using System.IO;

namespace Apie.Generators.Tests.Analyzers;

/// <summary>Files of this repository that tests read at run time.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The nearest folder above the test output that contains <c>Apie.Generators.sln</c>.</summary>
    public static string Root => s_root.Value;

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Apie.Generators.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} contains Apie.Generators.sln.");
    }
}
