using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Apie.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Apie.Hosting.Tests;

public sealed class HostLifetimeTests
{
    // Room for a slow test machine on top of a bound the code enforces.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task HostRegistersRecordsAndDeliversOnStop()
    {
        await using var server = await LoopbackApieServer.StartAsync();
        var logs = new ListLoggerProvider();
        var configuration = TestHosts.ServerConfiguration(server, new Dictionary<string, string?>
        {
            // Events wait for a flush: only the stop sends the last one.
            ["Apie:flushIntervalMs"] = "60000",
            ["Apie:shutdownTimeoutMs"] = "3000",
        });
        using var host = TestHosts.Build(configuration, logs);

        await host.StartAsync();

        // Start waited for the registration, which the loopback server completes at once.
        var identify = Assert.Single(server.Requests, request => request.Path == "/v1/agents/identify");
        Assert.Equal("hosted-test", identify.Json.GetProperty("agent").GetProperty("key").GetString());
        Assert.Equal("Bearer apie_sk_test_hosting", identify.Authorization);
        var client = host.Services.GetRequiredService<ApieClient>();
        Assert.Same(client, ApieClient.Current);

        await ApieClient.Current.WithRunAsync(
            () =>
            {
                ApieClient.Current.Track("hosted.inside", new Dictionary<string, object?> { ["step"] = 1 });
                return Task.CompletedTask;
            },
            new ApieRunOptions { InputSummary = "hosted run" });
        ApieClient.Current.Track("hosted.after");

        var clock = Stopwatch.StartNew();
        await host.StopAsync();
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3) + Slack, $"Stop took {clock.Elapsed.TotalMilliseconds} ms.");
        var runCreation = Assert.Single(server.Requests, request => request.Path == "/v1/runs");
        Assert.Equal("hosted run", runCreation.Json.GetProperty("input_summary").GetString());
        Assert.Single(server.Requests, request => request.Path.StartsWith("/v1/runs/", StringComparison.Ordinal) && request.Path.EndsWith("/complete", StringComparison.Ordinal));
        var eventTypes = server.Events.Select(item => item.GetProperty("type").GetString()).ToList();
        Assert.Contains("hosted.inside", eventTypes);
        Assert.Contains("hosted.after", eventTypes);
        Assert.Equal(0, client.GetQueueDiagnostics().QueueSize);

        Assert.Contains(logs.Entries, entry => entry.Category == "Apie.Hosting" && entry.Message.Contains("Apie registered the agent with", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, entry => entry.Category == "Apie" && entry.Message.Contains("Apie started for agent hosted-test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartDoesNotWaitForSlowRegistration()
    {
        await using var server = await LoopbackApieServer.StartAsync();
        server.InjectFault("POST", "/v1/agents/identify", InjectedFault.Delay(TimeSpan.FromSeconds(20)), times: 1);
        var logs = new ListLoggerProvider();
        var configuration = TestHosts.ServerConfiguration(server, new Dictionary<string, string?>
        {
            ["Apie:shutdownTimeoutMs"] = "1000",
            ["Apie:timeout"] = "30000",
        });
        using var host = TestHosts.Build(configuration, logs);

        var clock = Stopwatch.StartNew();
        await host.StartAsync();
        var started = clock.Elapsed;

        Assert.True(started >= TimeSpan.FromSeconds(1.9), $"Start took {started.TotalMilliseconds} ms.");
        Assert.True(started < TimeSpan.FromSeconds(2) + Slack, $"Start took {started.TotalMilliseconds} ms.");
        Assert.Contains(logs.Entries, entry => entry.Category == "Apie.Hosting" && entry.Message.Contains("has not finished registering", StringComparison.Ordinal));

        clock.Restart();
        await host.StopAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1) + Slack, $"Stop took {clock.Elapsed.TotalMilliseconds} ms.");
        Assert.Contains(logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("shutdown timeout of 1000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestsGoThroughHttpClientFactory()
    {
        await using var server = await LoopbackApieServer.StartAsync();
        var counter = new CountingHandler.Counter();
        using var host = TestHosts.Build(
            TestHosts.ServerConfiguration(server),
            services: services => services
                .AddHttpClient(ApieServiceCollectionExtensions.HttpClientName)
                .AddHttpMessageHandler(() => new CountingHandler(counter)));

        await host.StartAsync();
        await ApieClient.Current.WithRunAsync(() => Task.CompletedTask);
        await host.StopAsync();

        Assert.Equal(server.Requests.Count, counter.Count);
        Assert.True(counter.Count >= 3, $"The handler saw {counter.Count} requests.");
    }

    [Fact]
    public async Task ApplicationStoppingFlushesQueue()
    {
        await using var server = await LoopbackApieServer.StartAsync();
        var configuration = TestHosts.ServerConfiguration(server, new Dictionary<string, string?> { ["Apie:flushIntervalMs"] = "60000" });
        using var host = TestHosts.Build(configuration);
        await host.StartAsync();
        ApieClient.Current.Track("hosted.stopping");

        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await server.WaitUntilAsync(
            current => current.Events.Any(item => item.GetProperty("type").GetString() == "hosted.stopping"),
            TimeSpan.FromSeconds(5));
        await host.StopAsync();
    }

    [Fact]
    public async Task DisabledClientStartsWithoutRequests()
    {
        await using var server = await LoopbackApieServer.StartAsync();
        var configuration = TestHosts.ServerConfiguration(server, new Dictionary<string, string?> { ["Apie:enabled"] = "false" });
        using var host = TestHosts.Build(configuration);

        await host.StartAsync();
        await ApieClient.Current.WithRunAsync(() => Task.CompletedTask);
        await host.StopAsync();

        Assert.False(host.Services.GetRequiredService<ApieClient>().IsEnabled);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SampleAnswersTicketsAndStopsItself()
    {
        await using var server = await LoopbackApieServer.StartAsync();
        string[] args =
        [
            $"--Apie:baseUrl={server.BaseUrl}",
            "--Apie:apiKey=apie_sk_test_sample",
            "--Apie:readExternalConfiguration=false",
        ];
        using var host = HostedAgent.HostedAgentApp.CreateBuilder(args).Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // The worker stops the host after its last ticket, and the stop sends what is still queued.
        await host.RunAsync(timeout.Token);

        Assert.False(timeout.IsCancellationRequested);
        var identify = Assert.Single(server.Requests, request => request.Path == "/v1/agents/identify");
        Assert.Equal("hosted-support-agent", identify.Json.GetProperty("agent").GetProperty("key").GetString());
        Assert.Equal(3, server.Requests.Count(request => request.Path == "/v1/sessions"));
        Assert.Equal(3, server.Requests.Count(request => request.Path.StartsWith("/v1/sessions/", StringComparison.Ordinal) && request.Path.EndsWith("/complete", StringComparison.Ordinal)));
        Assert.Equal(6, server.Requests.Count(request => request.Path.EndsWith("/runs", StringComparison.Ordinal)));
        var toolCalls = server.Events.Where(item => item.GetProperty("type").GetString() == "agent.tool.called").ToList();
        Assert.Equal(3, toolCalls.Count);
        Assert.All(toolCalls, item => Assert.Equal("kb.search", item.GetProperty("tool").GetProperty("name").GetString()));
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private readonly Counter _counter;

        public CountingHandler(Counter counter)
        {
            _counter = counter;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _counter.Count);
            return base.SendAsync(request, cancellationToken);
        }

        public sealed class Counter
        {
            public int Count;
        }
    }
}
