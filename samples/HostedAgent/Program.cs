using HostedAgent;
using Microsoft.Extensions.Hosting;

// A generic-host worker that replies to a few support tickets, then stops the host. Apie records one session per
// ticket, and the host's stop sends what is still queued. With no API key and no base URL configured, requests
// are appended to .apie/requests.ndjson under the working directory.
using var host = HostedAgentApp.CreateBuilder(args).Build();
await host.RunAsync();
