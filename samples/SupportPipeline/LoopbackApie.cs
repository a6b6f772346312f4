using System;
using System.Threading.Tasks;
using Apie;
using Apie.Testing;

namespace SupportPipeline;

/// <summary>
/// The <c>--loopback</c> option: an in-process loopback Apie server on 127.0.0.1 whose guardrails apply
/// <see cref="RefundReviewGuardrail"/>, and a client in enforce mode that sends to it.
/// </summary>
internal static class LoopbackApie
{
    /// <summary>The test API key the client sends and the server requires.</summary>
    public const string ApiKey = "apie_sk_test_support_pipeline_loopback";

    /// <summary>Starts the server on a free port of 127.0.0.1 with the refund-review rule.</summary>
    public static async Task<LoopbackApieServer> StartServerAsync()
    {
        var server = await LoopbackApieServer.StartAsync();
        server.ExpectedApiKey = ApiKey;
        server.GuardrailRule = RefundReviewGuardrail.Evaluate;
        return server;
    }

    /// <summary>
    /// Creates the client that sends to <paramref name="baseUrl"/> in enforce mode and makes it
    /// <see cref="ApieClient.Current"/>. It ignores <c>apie.config.json</c> and the environment, so a configured
    /// service never receives the sample's loopback traffic.
    /// </summary>
    public static ApieClient CreateClient(Uri baseUrl) => ApieClient.Create(new ApieOptions
    {
        BaseUrl = baseUrl,
        ApiKey = ApiKey,
        Mode = ApieMode.Enforce,
        ReadExternalConfiguration = false,
    });
}
