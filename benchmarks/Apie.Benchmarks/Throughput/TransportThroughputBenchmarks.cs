using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Apie.Testing;
using BenchmarkDotNet.Attributes;

namespace Apie.Benchmarks.Throughput;

/// <summary>
/// Runs per second through the real HTTP transport into the loopback Apie server of <c>tests/Apie.TestServer</c>,
/// on 127.0.0.1 in the same process. Each run is a creation, two events and a completion. The mean is per run,
/// and Op/s is runs per second. The allocated column counts every thread, the in-process server's included.
/// </summary>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
public class TransportThroughputBenchmarks
{
    /// <summary>Runs per invocation.</summary>
    public const int Runs = 400;

    /// <summary>Tasks that record the runs of the Apie benchmark at the same time.</summary>
    public const int Producers = 8;

    private const string ApiKey = "apie_sk_test_bench";
    private const string ApieRow = nameof(ApieClientConcurrent);
    private const string HttpRow = nameof(SequentialHttpClient);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(2);

    private LoopbackApieServer? _server;
    private ApieClient? _client;
    private ThroughputWork? _work;
    private HttpClient? _http;

    private LoopbackApieServer Server => _server ?? throw new InvalidOperationException("The global setup did not start the server.");

    /// <summary>
    /// Milliseconds the server holds every request, standing in for the network between an agent and the hosted
    /// service. At 0 the client and the in-process server share this machine's cores, so the rows measure CPU.
    /// </summary>
    [Params(0, 5)]
    public int LatencyMs { get; set; }

    private LoopbackApieServer StartServer()
    {
        var server = LoopbackApieServer.StartAsync().GetAwaiter().GetResult();
        if (LatencyMs > 0)
        {
            server.InjectFault("POST", "/", InjectedFault.Delay(TimeSpan.FromMilliseconds(LatencyMs)));
        }

        return server;
    }

    /// <summary>Starts the loopback server and an Apie client that sends to it.</summary>
    [GlobalSetup(Target = ApieRow)]
    public void StartApie()
    {
        _server = StartServer();
        _client = ApieClient.Create(new ApieOptions
        {
            ApiKey = ApiKey,
            BaseUrl = _server.BaseUrl,
            MaxQueueSize = 1_000_000,
            ReadExternalConfiguration = false,
        });
        if (!_client.ReadyAsync().GetAwaiter().GetResult())
        {
            throw new InvalidOperationException($"The Apie client could not register its agent with the loopback server at {_server.BaseUrl}.");
        }

        _work = new ThroughputWork(_client);
        _server.Clear();
    }

    /// <summary>Starts the loopback server and a plain HTTP client for it.</summary>
    [GlobalSetup(Target = HttpRow)]
    public void StartHttp()
    {
        _server = StartServer();
        _http = new HttpClient { BaseAddress = _server.BaseUrl };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    /// <summary>
    /// Records <see cref="Runs"/> runs from <see cref="Producers"/> concurrent tasks through the Apie client, then
    /// flushes until its queue is empty.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Runs)]
    public async Task ApieClientConcurrent()
    {
        await RecordRunsAsync().ConfigureAwait(false);
        await DrainAsync().ConfigureAwait(false);
    }

    /// <summary>Sends the same requests for <see cref="Runs"/> runs one after another with a plain <see cref="HttpClient"/>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Runs)]
    public async Task SequentialHttpClient()
    {
        var http = _http ?? throw new InvalidOperationException("The global setup did not create the HTTP client.");
        for (var index = 0; index < Runs; index++)
        {
            var runId = await CreateRunAsync(http, index).ConfigureAwait(false);
            await PostAndDisposeAsync(http, "v1/events", EventsBody(runId)).ConfigureAwait(false);
            await PostAndDisposeAsync(http, $"v1/runs/{runId}/complete", "{\"status\":\"completed\"}").ConfigureAwait(false);
        }
    }

    /// <summary>Checks that the iteration's runs and events all reached the server, then clears its recorded requests.</summary>
    [IterationCleanup]
    public void CheckIteration()
    {
        var requests = Server.Requests;
        var created = requests.Count(request => request.Path == "/v1/runs" && IsSuccess(request.ResponseStatus));
        var completed = requests.Count(request => request.Path.EndsWith("/complete", StringComparison.Ordinal) && IsSuccess(request.ResponseStatus));
        var events = Server.Events.Count;
        Server.Clear();
        if (created != Runs || completed != Runs || events != 2 * Runs)
        {
            throw new InvalidOperationException(
                $"The server accepted {created} run creations, {completed} completions and {events} events in one iteration; expected {Runs}, {Runs} and {2 * Runs}.");
        }
    }

    /// <summary>
    /// Measures, outside the benchmark, how much the heap grows while the runs of one invocation wait in the Apie
    /// client's queue, and how much of that growth remains after the queue is sent. Prints both and stops the client.
    /// </summary>
    [GlobalCleanup(Target = ApieRow)]
    public void StopApie()
    {
        var client = _client ?? throw new InvalidOperationException("The global setup did not create the Apie client.");
        var before = GC.GetTotalMemory(forceFullCollection: true);
        RecordRunsAsync().GetAwaiter().GetResult();
        var queued = client.GetQueueDiagnostics().QueueSize;
        var growthWhileQueued = GC.GetTotalMemory(forceFullCollection: true) - before;
        DrainAsync().GetAwaiter().GetResult();
        var requests = CountRequestsAndClear();
        var growthAfterSend = GC.GetTotalMemory(forceFullCollection: true) - before;

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// Apie memory: {Runs} runs recorded by {Producers} tasks; {queued} items still queued when the last run completed; heap +{growthWhileQueued / 1024.0:F0} KiB then; +{growthAfterSend / 1024.0:F0} KiB after the queue was sent in {requests} requests."));

        client.ShutdownAsync().GetAwaiter().GetResult();
        Server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Stops the HTTP client and the server.</summary>
    [GlobalCleanup(Target = HttpRow)]
    public void StopHttp()
    {
        _http?.Dispose();
        Server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static bool IsSuccess(int status) => status is >= 200 and < 300;

    // Not inlined, so the copy of the recorded requests cannot stay reachable from the caller's frame and count
    // in the caller's heap measurement.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int CountRequestsAndClear()
    {
        var count = Server.Requests.Count;
        Server.Clear();
        return count;
    }

    private Task RecordRunsAsync()
    {
        var work = _work ?? throw new InvalidOperationException("The global setup did not create the work.");
        var producers = new Task[Producers];
        for (var producer = 0; producer < Producers; producer++)
        {
            var first = producer * (Runs / Producers);
            producers[producer] = Task.Run(() =>
            {
                for (var index = first; index < first + (Runs / Producers); index++)
                {
                    work.RecordRun(index);
                }
            });
        }

        return Task.WhenAll(producers);
    }

    private async Task DrainAsync()
    {
        var client = _client ?? throw new InvalidOperationException("The global setup did not create the Apie client.");
        var started = Stopwatch.GetTimestamp();
        while (client.GetQueueDiagnostics().QueueSize > 0)
        {
            if (Stopwatch.GetElapsedTime(started) > DrainTimeout)
            {
                throw new TimeoutException(
                    $"Flushing the Apie queue to {Server.BaseUrl} timed out after {DrainTimeout.TotalSeconds:F0} s with {client.GetQueueDiagnostics().QueueSize} items still queued.");
            }

            await client.FlushAsync().ConfigureAwait(false);
        }
    }

    private static async Task<string> CreateRunAsync(HttpClient http, int index)
    {
        var body = $"{{\"agent_key\":\"apie-benchmarks\",\"environment\":\"production\",\"input_summary\":\"Throughput run {index}\"}}";
        using var response = await PostAsync(http, "v1/runs", body).ConfigureAwait(false);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync().ConfigureAwait(false));
        return document.RootElement.GetProperty("id").GetString()
            ?? throw new InvalidOperationException("The loopback server returned a run without an id.");
    }

    private static string EventsBody(string runId)
    {
        var timestamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        return $"{{\"events\":["
            + $"{{\"type\":\"bench.step.started\",\"event_id\":\"{Guid.NewGuid()}\",\"run_id\":\"{runId}\",\"sequence_number\":1,\"timestamp\":\"{timestamp}\",\"metadata\":{{\"step\":\"lookup\",\"attempt\":1}}}},"
            + $"{{\"type\":\"bench.step.completed\",\"event_id\":\"{Guid.NewGuid()}\",\"run_id\":\"{runId}\",\"sequence_number\":2,\"timestamp\":\"{timestamp}\",\"metadata\":{{\"step\":\"lookup\",\"matches\":3}}}}"
            + "]}";
    }

    private static async Task PostAndDisposeAsync(HttpClient http, string path, string body)
    {
        using var response = await PostAsync(http, path, body).ConfigureAwait(false);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await http.PostAsync(path, content).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new InvalidOperationException($"POST /{path} to the loopback server failed with status {status}.");
        }

        return response;
    }
}
