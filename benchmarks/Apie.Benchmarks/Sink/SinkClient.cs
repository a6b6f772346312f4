using System;
using System.Net.Http;

namespace Apie.Benchmarks.Sink;

/// <summary>Creates Apie clients whose HTTP transport sends every request to a <see cref="CannedResponseHandler"/>.</summary>
internal static class SinkClient
{
    /// <summary>
    /// The base URL the client is configured with. No request reaches it, because the handler responds in process.
    /// Port 9 (discard) on the loopback address would keep a request that bypassed the handler on this machine.
    /// </summary>
    public static readonly Uri BaseUrl = new("http://127.0.0.1:9/");

    /// <summary>
    /// Creates a client, makes it <see cref="ApieClient.Current"/>, and waits until it registered its agent. Besides
    /// the key, the URL, the handler and ignoring external configuration, only the queue size differs from the
    /// defaults. Creations and completions are never dropped, and the large event limit keeps events from being
    /// dropped while the background sender catches up.
    /// </summary>
    public static ApieClient CreateReady(CannedResponseHandler handler)
    {
        var client = ApieClient.Create(new ApieOptions
        {
            ApiKey = "apie_sk_test_bench",
            BaseUrl = BaseUrl,
            HttpClient = new HttpClient(handler),
            MaxQueueSize = 1_000_000,

            // Keeps apie.config.json and APIE_* variables from sending the benchmark's requests elsewhere.
            ReadExternalConfiguration = false,
        });

        if (!client.ReadyAsync().GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("The Apie client did not register its agent with the in-process handler.");
        }

        return client;
    }
}
