using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Apie.Testing;

/// <summary>
/// An in-process HTTP server on 127.0.0.1 that imitates the Apie service for tests. It keeps
/// agents, runs, sessions and approvals in memory, records every request, and can inject
/// faults. It writes no logs.
/// </summary>
public sealed class LoopbackApieServer : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly string[] ApprovalEndStatuses =
        [ApprovalStatuses.Approved, ApprovalStatuses.Rejected, ApprovalStatuses.Expired];

    private readonly WebApplication _app;
    private readonly RequestRecorder _recorder = new();
    private readonly FaultTable _faults = new();
    private readonly ApieStore _store = new();
    private Uri? _baseUrl;
    private int _disposed;

    private LoopbackApieServer(int port)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(options =>
            options.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1));
        builder.Services.AddSingleton<IHostLifetime, InProcessHostLifetime>();
        _app = builder.Build();

        var routes = new ApieRoutes(this, _store);
        var pipeline = new RequestPipeline(this, routes, _faults, _recorder, _app.Lifetime.ApplicationStopping);
        _app.Run(pipeline.HandleAsync);
    }

    /// <summary>Root address of the server, such as <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseUrl => _baseUrl ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>
    /// API key that requests must send as <c>Authorization: Bearer &lt;key&gt;</c>. Other requests
    /// get 401. Null, the default, accepts every request.
    /// </summary>
    public string? ExpectedApiKey { get; set; }

    /// <summary>
    /// Rule that decides each <c>POST /v1/guardrails/evaluate</c> request. It receives the
    /// request body. Null, the default, allows everything. An exception it throws becomes a
    /// 500 response.
    /// </summary>
    public Func<JsonElement, GuardrailVerdict>? GuardrailRule { get; set; }

    /// <summary>Copy of the recorded requests in arrival order, including those that got an injected fault.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _recorder.Requests;

    /// <summary>Copy of the events from accepted <c>POST /v1/events</c> requests, flattened, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Events => _recorder.Events;

    /// <summary>Number of requests that an injected fault has applied to.</summary>
    public int FaultsServed => _faults.FaultsServed;

    /// <summary>Starts a server on a free port of 127.0.0.1.</summary>
    public static Task<LoopbackApieServer> StartAsync(CancellationToken cancellationToken = default)
        => StartAsync(port: 0, cancellationToken);

    /// <summary>
    /// Starts a server on <paramref name="port"/> of 127.0.0.1, or on a free port for 0: a test can stop a server
    /// and start a new one where clients already send.
    /// </summary>
    public static async Task<LoopbackApieServer> StartAsync(int port, CancellationToken cancellationToken = default)
    {
        var server = new LoopbackApieServer(port);
        try
        {
            await server._app.StartAsync(cancellationToken).ConfigureAwait(false);
            server._baseUrl = ReadBaseUrl(server._app);
            return server;
        }
        catch
        {
            await server._app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Forgets recorded requests and events. Stored agents, runs, sessions and approvals stay.</summary>
    public void Clear() => _recorder.Clear();

    /// <summary>
    /// Polls <paramref name="condition"/> every 20 ms until it returns true. Throws
    /// <see cref="TimeoutException"/> listing the recorded requests when
    /// <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task WaitUntilAsync(Func<LoopbackApieServer, bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        long start = Stopwatch.GetTimestamp();
        while (!condition(this))
        {
            if (Stopwatch.GetElapsedTime(start) >= timeout)
            {
                throw new TimeoutException(DescribeTimeout(timeout));
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves a pending approval to <paramref name="status"/> (<c>approved</c>, <c>rejected</c> or
    /// <c>expired</c>) and ends every wait on it. Throws <see cref="KeyNotFoundException"/> for an
    /// unknown id and <see cref="InvalidOperationException"/> when the approval is no longer pending.
    /// </summary>
    public void ResolveApproval(string approvalId, string status)
    {
        ArgumentNullException.ThrowIfNull(approvalId);
        ArgumentNullException.ThrowIfNull(status);
        if (!ApprovalEndStatuses.Contains(status, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"Approval status '{status}' is invalid. Use approved, rejected or expired.", nameof(status));
        }

        _store.ResolveApproval(approvalId, status);
    }

    /// <summary>
    /// Applies <paramref name="fault"/> to the next <paramref name="times"/> requests whose method
    /// equals <paramref name="method"/> (ignoring case) and whose path starts with
    /// <paramref name="pathPrefix"/>, such as <c>/v1/events</c> or <c>/v1/sessions/</c>.
    /// When several faults match a request, the one injected first applies.
    /// </summary>
    public void InjectFault(string method, string pathPrefix, InjectedFault fault, int times = int.MaxValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(pathPrefix);
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        if (!pathPrefix.StartsWith('/'))
        {
            throw new ArgumentException($"Path prefix '{pathPrefix}' must start with '/'.", nameof(pathPrefix));
        }

        _faults.Add(method, pathPrefix, fault, times);
    }

    /// <summary>Removes every injected fault. <see cref="FaultsServed"/> keeps its count.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>Stops the server. Requests still waiting on an approval or a delay end without a response.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static Uri ReadBaseUrl(WebApplication app)
    {
        IServerAddressesFeature? addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        string address = addresses?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel started without reporting a listening address.");
        return new Uri(address.TrimEnd('/') + "/");
    }

    private string DescribeTimeout(TimeSpan timeout)
    {
        IReadOnlyList<RecordedRequest> requests = Requests;
        var message = new StringBuilder();
        message.Append($"The condition was not met within {timeout.TotalMilliseconds:0} ms. ");
        message.Append($"Recorded requests ({requests.Count}):");
        foreach (RecordedRequest request in requests)
        {
            message.Append($"\n  {request.Method} {request.Path}{request.QueryString} -> {request.ResponseStatus}");
        }

        return message.ToString();
    }

    /// <summary>
    /// Host lifetime that ignores console signals, so an embedded server neither handles
    /// Ctrl+C for the test process nor prints status lines.
    /// </summary>
    private sealed class InProcessHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
