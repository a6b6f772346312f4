using System;

namespace Apie;

/// <summary>An error the Apie runtime throws on purpose.</summary>
public class ApieException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public ApieException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ApieException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Invalid configuration, naming the field and the source it came from.</summary>
public sealed class ApieConfigurationException : ApieException
{
    /// <summary>Creates the exception for one field.</summary>
    /// <param name="field">The configuration field, as named in <c>apie.config.json</c>, such as <c>baseUrl</c>.</param>
    /// <param name="source">Where the value came from, such as <c>the APIE_BASE_URL environment variable</c>.</param>
    /// <param name="problem">What is wrong and how to fix it.</param>
    /// <param name="innerException">The error that caused it, if any.</param>
    public ApieConfigurationException(string field, string source, string problem, Exception? innerException = null)
        : this($"Invalid Apie configuration: '{field}' from {source} {problem}", (field, source), innerException)
    {
    }

    private ApieConfigurationException(string message, (string Field, string Source) origin, Exception? innerException)
        : base(message, innerException)
    {
        Field = origin.Field;
        Source = origin.Source;
    }

    /// <summary>Creates the exception for a configuration file that cannot be read as a whole.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="problem">What is wrong and how to fix it.</param>
    /// <param name="innerException">The error that caused it, if any.</param>
    internal static ApieConfigurationException ForFile(string path, string problem, Exception? innerException = null)
        => new($"Invalid Apie configuration: the file {path} {problem}", (System.IO.Path.GetFileName(path), $"the file {path}"), innerException);

    /// <summary>The configuration field, such as <c>baseUrl</c>.</summary>
    public string Field { get; }

    /// <summary>Where the value came from.</summary>
    public new string Source { get; }
}
