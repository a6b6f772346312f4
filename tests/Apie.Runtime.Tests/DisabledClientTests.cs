using System;
using System.IO;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Apie.Testing;
using Xunit;

namespace Apie.Runtime.Tests;

public sealed class DisabledClientTests
{
    [Fact]
    public async Task Disabled_WithServer_SendsNothing()
    {
        await using var server = await LoopbackApieServer.StartAsync();
        var client = ApieClient.Create(new ApieOptions
        {
            Enabled = false,
            ApiKey = LoopbackHarness.ApiKey,
            BaseUrl = server.BaseUrl,
            ReadExternalConfiguration = false,
            LoggerFactory = new RecordingLoggerFactory(),
        });

        Assert.False(client.IsEnabled);
        Assert.False(client.IsLocalMode);
        await ExerciseEveryCallAsync(client);

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Disabled_LocalMode_WritesNothing()
    {
        using var directory = new TemporaryDirectory();
        var localDirectory = Path.Combine(directory.Path, "requests");
        var client = ApieClient.Create(new ApieOptions
        {
            Enabled = false,
            ReadExternalConfiguration = false,
            LocalDirectory = localDirectory,
            LoggerFactory = new RecordingLoggerFactory(),
        });

        Assert.False(client.IsEnabled);
        Assert.False(client.IsLocalMode);
        await ExerciseEveryCallAsync(client);

        Assert.False(Directory.Exists(localDirectory));
    }

    /// <summary>Calls every recording method of a disabled client and checks that each returns or throws as the body does.</summary>
    private static async Task ExerciseEveryCallAsync(ApieClient client)
    {
        var fromRun = await client.WithRunAsync(() => Task.FromResult(5));
        var fromSession = await client.WithSessionAsync(async () => await client.WithRunAsync(async () =>
        {
            await Task.Yield();
            return "nested";
        }));
        var failure = new InvalidOperationException("body failed");
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => client.WithRunAsync(async () =>
        {
            await Task.Yield();
            throw failure;
        }));
        client.CaptureError(new InvalidOperationException("captured"));

        var session = await client.Sessions.StartAsync();
        var run = await client.Runs.StartAsync(new ApieRunOptions { Session = session });
        await client.Runs.CompleteAsync(run);
        await client.Sessions.CompleteAsync(session);
        var ready = await client.ReadyAsync();
        await client.FlushAsync();
        await client.ShutdownAsync();

        Assert.Equal(5, fromRun);
        Assert.Equal("nested", fromSession);
        Assert.Same(failure, thrown);
        Assert.Null(session.Id);
        Assert.Null(run.Id);
        Assert.False(ready);
        Assert.Equal(0, client.GetQueueDiagnostics().FlushCount);
    }
}
