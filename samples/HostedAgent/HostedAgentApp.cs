using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HostedAgent;

/// <summary>Builds the sample's host; tests build it too, with their own configuration.</summary>
public static class HostedAgentApp
{
    /// <summary>
    /// Creates the host builder: the <c>Apie</c> section of <c>appsettings.json</c>, then the environment and the
    /// command line (such as <c>--Apie:baseUrl=http://127.0.0.1:3000</c>), configure the client.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        // appsettings.json is copied next to the program, so the sample finds it from any working directory.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.Services.AddApie();
        builder.Services.AddSingleton<KnowledgeBase>();
        builder.Services.AddSingleton<SupportAgent>();
        builder.Services.AddHostedService<TicketWorker>();
        return builder;
    }
}
