using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Apie.Testing;

namespace Apie.Runtime.Tests.Support;

/// <summary>
/// A <see cref="LoopbackApieServer"/> that requires <see cref="ApiKey"/>, and an <see cref="ApieClient"/> that
/// sends to it with external configuration off. Disposing shuts the client down and then stops the server.
/// </summary>
internal sealed class LoopbackHarness : IAsyncDisposable
{
    public const string ApiKey = "apie_sk_test_runtime_tests";
    public const string AgentKey = "runtime-tests";
    public const string AgentName = "Runtime tests";

    /// <summary>The maximum wait for the server or the client. A test that reaches it has failed.</summary>
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient? _httpClient;

    private LoopbackHarness(LoopbackApieServer server, ApieClient client, RecordingLoggerFactory logs, ResponseRecordingHandler? responses, HttpClient? httpClient)
    {
        Server = server;
        Client = client;
        Logs = logs;
        Responses = responses;
        _httpClient = httpClient;
    }

    public LoopbackApieServer Server { get; }

    public ApieClient Client { get; }

    /// <summary>The messages the client logged.</summary>
    public RecordingLoggerFactory Logs { get; }

    /// <summary>The responses the client received, or null unless the harness was started with <c>recordResponses</c>.</summary>
    public ResponseRecordingHandler? Responses { get; }

    /// <summary>
    /// Starts the server, runs <paramref name="prepareServer"/> (to inject faults before the client registers),
    /// then creates the client with <paramref name="configure"/> applied over the harness defaults. The
    /// defaults shorten the retry base delay to 10 ms so that failure tests stay fast.
    /// </summary>
    public static async Task<LoopbackHarness> StartAsync(
        Action<ApieOptions>? configure = null,
        Action<LoopbackApieServer>? prepareServer = null,
        bool recordResponses = false)
    {
        var server = await LoopbackApieServer.StartAsync();
        server.ExpectedApiKey = ApiKey;
        prepareServer?.Invoke(server);

        var logs = new RecordingLoggerFactory();
        var responses = recordResponses ? new ResponseRecordingHandler() : null;
        var httpClient = responses is null ? null : new HttpClient(responses) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new ApieOptions
        {
            ApiKey = ApiKey,
            BaseUrl = server.BaseUrl,
            ReadExternalConfiguration = false,
            LoggerFactory = logs,
            HttpClient = httpClient,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            Agent = { Key = AgentKey, Name = AgentName },
        };
        configure?.Invoke(options);

        try
        {
            return new LoopbackHarness(server, ApieClient.Create(options), logs, responses, httpClient);
        }
        catch
        {
            httpClient?.Dispose();
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.ShutdownAsync();
        _httpClient?.Dispose();
        await Server.DisposeAsync();
    }
}
