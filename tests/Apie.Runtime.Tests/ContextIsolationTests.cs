using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Apie.Context;
using Apie.Runtime.Tests.Support;
using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>
/// The runtime's own HTTP calls carry none of the caller's context: no ambient Apie run and no
/// <see cref="Activity"/> of the caller, so other instrumentation never mistakes them for the caller's work.
/// </summary>
public sealed class ContextIsolationTests
{
    [Fact]
    public async Task ApieRequests_SeeNoCallerActivityOrRun()
    {
        var spy = new ContextSpyHandler();
        using var http = new HttpClient(spy) { Timeout = Timeout.InfiniteTimeSpan };
        await using var harness = await LoopbackHarness.StartAsync(options => options.HttpClient = http);
        var client = harness.Client;

        using var source = new ActivitySource("Apie.Runtime.Tests.Caller");
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => candidate.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        using (var caller = source.StartActivity("caller.operation"))
        {
            Assert.NotNull(caller);
            await client.WithRunAsync(async () =>
            {
                client.Track("inside.run");
                return await client.WithToolAsync("kb.search", () => Task.FromResult(1));
            });
            await client.FlushAsync();
        }

        var seen = spy.Requests.ToList();
        Assert.Contains(seen, r => r.Path == "/v1/guardrails/evaluate");
        Assert.Contains(seen, r => r.Path == "/v1/events");
        Assert.All(seen, r => Assert.Null(r.ActivityName));
        Assert.All(seen, r => Assert.False(r.HadAmbientRun, $"{r.Path} was sent with the caller's ambient run"));
        Assert.All(seen, r => Assert.False(r.HadTraceParent, $"{r.Path} carried the caller's traceparent header"));
    }

    private sealed record SeenRequest(string Path, string? ActivityName, bool HadAmbientRun, bool HadTraceParent);

    /// <summary>Records, for each request, the Activity and ambient run that were current when it was sent.</summary>
    private sealed class ContextSpyHandler : DelegatingHandler
    {
        public ContextSpyHandler()
            : base(new SocketsHttpHandler())
        {
        }

        public ConcurrentQueue<SeenRequest> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var activity = Activity.Current?.Source.Name == "System.Net.Http" ? Activity.Current.Parent : Activity.Current;
            var response = await base.SendAsync(request, cancellationToken);
            Requests.Enqueue(new SeenRequest(
                request.RequestUri!.AbsolutePath,
                activity?.OperationName,
                AmbientContext.Current?.Run is not null,
                request.Headers.Contains("traceparent")));
            return response;
        }
    }
}
