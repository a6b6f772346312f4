using System;
using System.Linq;
using System.Net.Http;
using Apie;
using Apie.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Apie in a .NET generic host or an ASP.NET Core application.</summary>
public static class ApieServiceCollectionExtensions
{
    /// <summary>
    /// The name of the <see cref="HttpClient"/> registration that the client sends through. Add handlers to it with
    /// <c>services.AddHttpClient(ApieServiceCollectionExtensions.HttpClientName)</c>.
    /// </summary>
    public const string HttpClientName = "Apie";

    /// <summary>
    /// Registers <see cref="ApieClient"/> as a singleton, bound from the <c>Apie</c> configuration section. See
    /// <see cref="AddApie(IServiceCollection, Action{ApieOptions})"/>.
    /// </summary>
    public static IServiceCollection AddApie(this IServiceCollection services)
        => AddCore(services, null);

    /// <summary>
    /// Registers <see cref="ApieClient"/> as a singleton. Its options come from the <c>Apie</c> configuration
    /// section (the field names of <c>apie.config.json</c>), then from <paramref name="configure"/>. The client is
    /// created when the host starts and becomes <see cref="ApieClient.Current"/>, the client generated code uses.
    /// It logs through the host's <see cref="ILoggerFactory"/> and sends through the <see cref="HttpClientName"/>
    /// registration of <c>IHttpClientFactory</c>. A hosted service registers the agent at start, waiting at most
    /// 2 seconds, and sends the queue when the application stops, within <see cref="ApieOptions.ShutdownTimeout"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes applied after the configuration section is bound.</param>
    /// <exception cref="ApieConfigurationException">
    /// Thrown when the client is created, at host start, for an invalid value; the message names the key, such as
    /// <c>Apie:flushIntervalMs</c>.
    /// </exception>
    public static IServiceCollection AddApie(this IServiceCollection services, Action<ApieOptions> configure)
    {
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        return AddCore(services, configure);
    }

    private static IServiceCollection AddCore(IServiceCollection services, Action<ApieOptions>? configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        services.AddOptions();
        services.AddHttpClient(HttpClientName);

        // Binding runs first, so a later Configure call and the callback below win over the configuration.
        services.TryAddSingleton(provider => new ApieConfigurationSetup(provider.GetService<Microsoft.Extensions.Configuration.IConfiguration>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<ApieOptions>, ApieConfigurationSetup>(
            provider => provider.GetRequiredService<ApieConfigurationSetup>()));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(CreateClient);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ApieHostedService>(
            provider => new ApieHostedService(
                provider.GetRequiredService<ApieClient>(),
                provider.GetRequiredService<IOptions<ApieOptions>>().Value,
                provider.GetRequiredService<IHostApplicationLifetime>(),
                provider.GetService<ILoggerFactory>())));
        return services;
    }

    private static ApieClient CreateClient(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<ApieOptions>>().Value;
        options.LoggerFactory ??= provider.GetService<ILoggerFactory>();

        // An HttpClient from IHttpClientFactory.CreateClient keeps one handler for as long as it lives, and this
        // client lives as long as the application. Taking a pooled handler per request keeps the factory's handler
        // rotation, and with it DNS changes and the handlers added to the registration.
        options.HttpClient ??= new HttpClient(new PooledHandler(provider.GetRequiredService<IHttpMessageHandlerFactory>(), HttpClientName))
        {
            // The client bounds each attempt with the configured timeout; this one must not cut it shorter.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };

        var client = ApieClient.Create(options);
        var unknownKeys = provider.GetRequiredService<ApieConfigurationSetup>().UnknownKeys;
        if (unknownKeys.Count > 0)
        {
            options.LoggerFactory?.CreateLogger("Apie").LogWarning(
                "Apie ignores unknown configuration keys: {Keys}. Keys use the field names of apie.config.json, such as Apie:baseUrl and Apie:flushIntervalMs.",
                string.Join(", ", unknownKeys.ToArray()));
        }

        return client;
    }
}
