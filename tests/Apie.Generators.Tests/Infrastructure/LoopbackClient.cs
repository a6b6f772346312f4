using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Testing;
using Xunit;

namespace Apie.Generators.Tests.Infrastructure;

/// <summary>
/// A loopback Apie server and an <see cref="ApieClient"/> that is <see cref="ApieClient.Current"/> and sends to
/// it, for tests that execute generated wrappers. Such tests share the static current client, so they run in
/// the <see cref="CurrentClientCollection"/>, one at a time.
/// </summary>
internal sealed class LoopbackClient : IAsyncDisposable
{
    private LoopbackClient(LoopbackApieServer server, ApieClient client)
    {
        Server = server;
        Client = client;
    }

    public LoopbackApieServer Server { get; }

    public ApieClient Client { get; }

    /// <summary>Starts the server, lets <paramref name="prepare"/> set its rules, then creates the current client with <paramref name="configure"/> applied.</summary>
    public static async Task<LoopbackClient> StartAsync(Action<ApieOptions>? configure = null, Action<LoopbackApieServer>? prepare = null)
    {
        var server = await LoopbackApieServer.StartAsync();
        prepare?.Invoke(server);
        var options = new ApieOptions
        {
            ApiKey = "apie_sk_test_generators",
            BaseUrl = server.BaseUrl,
            ReadExternalConfiguration = false,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        return new LoopbackClient(server, ApieClient.Create(options));
    }

    /// <summary>Sends everything queued and returns the requests the server recorded, identify excluded.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> RecordedAsync()
    {
        await Client.FlushAsync();
        return Server.Requests.Where(r => r.Path != "/v1/agents/identify").ToList();
    }

    /// <summary>Returns the id the server gave the resource created by <paramref name="request"/>.</summary>
    public static string CreatedId(RecordedRequest request)
    {
        Assert.True(request.ResponseStatus is 200 or 201, $"{request.Method} {request.Path} returned {request.ResponseStatus}: {request.ResponseBody}");
        return request.ResponseJson.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Asserts that both lists hold the same items, in any order: runs outside a session are independent, and the
    /// sender sends independent runs side by side, so their requests may arrive in any order.
    /// </summary>
    public static void AssertSameItems(IEnumerable<string?> expected, IEnumerable<string?> actual)
        => Assert.Equal(expected.OrderBy(item => item, StringComparer.Ordinal), actual.OrderBy(item => item, StringComparer.Ordinal));

    public static string? String(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        await Client.ShutdownAsync();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CurrentClientCollection
{
    public const string Name = "ApieClient.Current";
}
