using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using Apie.Configuration;
using Apie.Runtime.Tests.Support;
using Xunit;

namespace Apie.Runtime.Tests;

public sealed class ConfigurationLoaderTests : IDisposable
{
    private const string KeyVariable = "APIE_API_KEY";
    private const string UrlVariable = "APIE_BASE_URL";
    private const string CodeSource = "ApieOptions";
    private const string NotAnApieKey = "sk_live_0123456789abcdef";

    private readonly TemporaryDirectory _directory = new();
    private readonly Dictionary<string, string> _environment = new();
    private readonly List<string> _variablesRead = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Resolve_ApiKeyCodeBeatsFileBeatsEnvironment()
    {
        _directory.WriteConfig("""{"apiKey": "apie_sk_test_file"}""");
        _environment[KeyVariable] = "apie_sk_test_environment";

        Assert.Equal("apie_sk_test_code", Resolve(new ApieOptions { ApiKey = "apie_sk_test_code" }).ApiKey);
        Assert.Equal("apie_sk_test_file", Resolve(new ApieOptions()).ApiKey);

        _directory.DeleteConfig();
        Assert.Equal("apie_sk_test_environment", Resolve(new ApieOptions()).ApiKey);
    }

    [Fact]
    public void Resolve_BaseUrlCodeBeatsFileBeatsEnvironment()
    {
        _directory.WriteConfig("""{"baseUrl": "http://127.0.0.1:5002/"}""");
        _environment[UrlVariable] = "http://127.0.0.1:5003/";

        Assert.Equal(new Uri("http://127.0.0.1:5001/"), Resolve(new ApieOptions { BaseUrl = new Uri("http://127.0.0.1:5001/") }).BaseUrl);
        Assert.Equal(new Uri("http://127.0.0.1:5002/"), Resolve(new ApieOptions()).BaseUrl);

        _directory.DeleteConfig();
        Assert.Equal(new Uri("http://127.0.0.1:5003/"), Resolve(new ApieOptions()).BaseUrl);
    }

    [Fact]
    public void Resolve_AgentCodeBeatsFileBeatsDefault()
    {
        _directory.WriteConfig("""{"agent": {"key": "file-agent", "name": "File agent"}}""");
        var fromCode = new ApieOptions { Agent = { Key = "code-agent", Name = "Code agent" } };

        var codeSettings = Resolve(fromCode);
        var fileSettings = Resolve(new ApieOptions());
        _directory.DeleteConfig();
        var defaultSettings = Resolve(new ApieOptions());

        Assert.Equal("code-agent", codeSettings.AgentKey);
        Assert.Equal("Code agent", codeSettings.AgentName);
        Assert.Equal("file-agent", fileSettings.AgentKey);
        Assert.Equal("File agent", fileSettings.AgentName);
        Assert.Equal(EntryAssemblyName(), defaultSettings.AgentKey);
        Assert.Equal(EntryAssemblyName(), defaultSettings.AgentName);
    }

    [Fact]
    public void Resolve_NothingSet_UsesDefaults()
    {
        var settings = Resolve(new ApieOptions());

        Assert.Equal(EntryAssemblyName(), settings.AgentKey);
        Assert.Equal(EntryAssemblyName(), settings.AgentName);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.FlushInterval);
        Assert.Equal(25, settings.MaxBatchSize);
        Assert.Equal(5000, settings.MaxQueueSize);
        Assert.Equal(3, settings.RetryAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.RetryBaseDelay);
        Assert.Equal(ApieMode.Monitor, settings.Mode);
        Assert.Equal(ApieErrorMode.Warn, settings.OnError);
        Assert.True(settings.Enabled);
    }

    [Fact]
    public void Resolve_KeyOnly_UsesLocalhost3000()
    {
        _environment[KeyVariable] = "apie_sk_test_environment";

        var settings = Resolve(new ApieOptions());

        Assert.Equal(new Uri("http://localhost:3000"), settings.BaseUrl);
        Assert.False(settings.LocalMode);
    }

    [Fact]
    public void Resolve_NoKeyNoUrl_IsLocalMode()
    {
        var settings = Resolve(new ApieOptions());

        Assert.True(settings.LocalMode);
        Assert.Null(settings.BaseUrl);
        Assert.Null(settings.ApiKey);
        Assert.Equal(Path.Combine(_directory.Path, ".apie"), settings.LocalDirectory);
    }

    [Fact]
    public void Resolve_UrlWithoutKey_IsNotLocalMode()
    {
        var settings = Resolve(new ApieOptions { BaseUrl = new Uri("http://127.0.0.1:5001/") });

        Assert.False(settings.LocalMode);
        Assert.Null(settings.ApiKey);
    }

    [Fact]
    public void Resolve_MalformedFile_NamesFile()
    {
        _directory.WriteConfig("""{"apiKey": "apie_sk_test_file",""");

        var error = AssertFileRejected();

        Assert.StartsWith($"Invalid Apie configuration: the file {_directory.ConfigPath} is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ArrayRoot_NamesFile()
    {
        _directory.WriteConfig("""["apie_sk_test_file"]""");

        var error = AssertFileRejected();

        Assert.Contains("must contain one JSON object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownFileFields_AreListed()
    {
        _directory.WriteConfig("""{"baseURL": "http://127.0.0.1:5002/", "agent": {"key": "a", "nam": "typo"}, "headers": {"x-team": "support"}}""");

        var settings = Resolve(new ApieOptions());

        Assert.Equal(new[] { "baseURL", "agent.nam" }, settings.UnknownFileFields);
        Assert.Equal(_directory.ConfigPath, settings.ConfigurationFile);
        Assert.True(settings.LocalMode);
    }

    [Fact]
    public void Resolve_NegativeDuration_NamesMilliseconds()
    {
        _directory.WriteConfig("""{"flushIntervalMs": -5}""");

        var error = AssertRejected("flushIntervalMs", _directory.ConfigPath);

        Assert.Contains("-5 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_WrongTypeInFile_NamesField()
    {
        _directory.WriteConfig("""{"maxBatchSize": "x"}""");

        var error = AssertRejected("maxBatchSize", _directory.ConfigPath);

        Assert.Contains("whole number", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("ftp://127.0.0.1/apie")]
    public void Resolve_InvalidBaseUrlInCode_NamesCode(string url)
    {
        var options = new ApieOptions { BaseUrl = new Uri(url, UriKind.RelativeOrAbsolute) };

        var error = AssertRejected("baseUrl", CodeSource, options);

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("ftp://127.0.0.1/apie")]
    public void Resolve_InvalidBaseUrlInFile_NamesFile(string url)
    {
        _directory.WriteConfig($$"""{"baseUrl": "{{url}}"}""");

        var error = AssertRejected("baseUrl", _directory.ConfigPath);

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("ftp://127.0.0.1/apie")]
    public void Resolve_InvalidBaseUrlInEnvironment_NamesVariable(string url)
    {
        _environment[UrlVariable] = url;

        var error = AssertRejected("baseUrl", UrlVariable);

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_BadKeyInCode_HidesKey()
    {
        var error = AssertRejected("apiKey", CodeSource, new ApieOptions { ApiKey = NotAnApieKey });

        Assert.Contains("apie_sk_", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(NotAnApieKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_BadKeyInFile_HidesKey()
    {
        _directory.WriteConfig($$"""{"apiKey": "{{NotAnApieKey}}"}""");

        var error = AssertRejected("apiKey", _directory.ConfigPath);

        Assert.Contains("apie_sk_", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(NotAnApieKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_BadKeyInEnvironment_HidesKey()
    {
        _environment[KeyVariable] = NotAnApieKey;

        var error = AssertRejected("apiKey", KeyVariable);

        Assert.Contains("apie_sk_", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(NotAnApieKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownModeInFile_ListsModes()
    {
        _directory.WriteConfig("""{"mode": "observe"}""");

        var error = AssertRejected("mode", _directory.ConfigPath);

        Assert.Contains("observe", error.Message, StringComparison.Ordinal);
        Assert.Contains("monitor", error.Message, StringComparison.Ordinal);
        Assert.Contains("enforce", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Resolve_NonPositiveBatchInCode_NamesCode(int size)
    {
        AssertRejected("maxBatchSize", CodeSource, new ApieOptions { MaxBatchSize = size });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Resolve_NonPositiveBatchInFile_NamesFile(int size)
    {
        _directory.WriteConfig($$"""{"maxBatchSize": {{size}}}""");

        AssertRejected("maxBatchSize", _directory.ConfigPath);
    }

    [Fact]
    public void Resolve_ExternalOff_IgnoresValidFileAndEnvironment()
    {
        _directory.WriteConfig("""{"apiKey": "apie_sk_test_file", "baseUrl": "http://127.0.0.1:5002/", "maxBatchSize": 7}""");
        _environment[KeyVariable] = "apie_sk_test_environment";
        _environment[UrlVariable] = "http://127.0.0.1:5003/";

        var settings = Resolve(new ApieOptions { ReadExternalConfiguration = false });

        Assert.Null(settings.ApiKey);
        Assert.Null(settings.BaseUrl);
        Assert.True(settings.LocalMode);
        Assert.Equal(25, settings.MaxBatchSize);
        Assert.Empty(_variablesRead);
    }

    [Fact]
    public void Resolve_ExternalOff_IgnoresInvalidFileAndEnvironment()
    {
        _directory.WriteConfig("""{"apiKey": """);
        _environment[KeyVariable] = NotAnApieKey;
        _environment[UrlVariable] = "ftp://127.0.0.1/apie";

        var settings = Resolve(new ApieOptions { ReadExternalConfiguration = false, ApiKey = "apie_sk_test_code" });

        Assert.Equal("apie_sk_test_code", settings.ApiKey);
        Assert.Equal(new Uri("http://localhost:3000"), settings.BaseUrl);
        Assert.Empty(_variablesRead);
    }

    private static string EntryAssemblyName() => Assembly.GetEntryAssembly()?.GetName().Name ?? "dotnet-agent";

    private ApieSettings Resolve(ApieOptions options)
        => ConfigurationLoader.Resolve(options, _directory.Path, ReadVariable);

    private string? ReadVariable(string name)
    {
        _variablesRead.Add(name);
        return _environment.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>
    /// Asserts that resolving throws for <paramref name="field"/>, that the exception's source contains
    /// <paramref name="sourcePart"/>, and that the message names both.
    /// </summary>
    private ApieConfigurationException AssertFileRejected()
    {
        var error = Assert.Throws<ApieConfigurationException>(() => Resolve(new ApieOptions()));

        Assert.Equal("apie.config.json", error.Field);
        Assert.Contains(_directory.ConfigPath, error.Source, StringComparison.Ordinal);
        return error;
    }

    private ApieConfigurationException AssertRejected(string field, string sourcePart, ApieOptions? options = null)
    {
        var error = Assert.Throws<ApieConfigurationException>(() => Resolve(options ?? new ApieOptions()));

        Assert.Equal(field, error.Field);
        Assert.Contains(sourcePart, error.Source, StringComparison.Ordinal);
        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(sourcePart, error.Message, StringComparison.Ordinal);
        return error;
    }
}
