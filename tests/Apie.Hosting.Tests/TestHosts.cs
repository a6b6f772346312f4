using System;
using System.Collections.Generic;
using Apie.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Apie.Hosting.Tests;

/// <summary>Builds hosts with in-memory configuration only: no appsettings.json, no environment variables.</summary>
internal static class TestHosts
{
    /// <summary>The configuration of a client that sends to <paramref name="server"/>, plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> ServerConfiguration(LoopbackApieServer server, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Apie:baseUrl"] = server.BaseUrl.ToString(),
            ["Apie:apiKey"] = "apie_sk_test_hosting",
            ["Apie:readExternalConfiguration"] = "false",
            ["Apie:agent:key"] = "hosted-test",
            ["Apie:agent:name"] = "Hosted test agent",
        };
        if (extra is not null)
        {
            foreach (var pair in extra)
            {
                values[pair.Key] = pair.Value;
            }
        }

        return values;
    }

    public static IHost Build(
        IReadOnlyDictionary<string, string?> configuration,
        ListLoggerProvider? logs = null,
        Action<ApieOptions>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }

        if (configure is null)
        {
            builder.Services.AddApie();
        }
        else
        {
            builder.Services.AddApie(configure);
        }

        services?.Invoke(builder.Services);
        return builder.Build();
    }
}
