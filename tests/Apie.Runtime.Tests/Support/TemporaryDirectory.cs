using System;
using System.IO;

namespace Apie.Runtime.Tests.Support;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "apie-runtime-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The absolute path of the directory.</summary>
    public string Path { get; }

    /// <summary>The path of <c>apie.config.json</c> in the directory.</summary>
    public string ConfigPath => System.IO.Path.Combine(Path, "apie.config.json");

    /// <summary>Writes <paramref name="json"/> to <c>apie.config.json</c> in the directory.</summary>
    public void WriteConfig(string json) => File.WriteAllText(ConfigPath, json);

    public void DeleteConfig() => File.Delete(ConfigPath);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
