using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Apie.Hosting;

/// <summary>Binds <see cref="ApieOptions"/> from the <c>Apie</c> section of the host configuration, if there is one.</summary>
internal sealed class ApieConfigurationSetup : IConfigureOptions<ApieOptions>
{
    private readonly IConfiguration? _configuration;

    public ApieConfigurationSetup(IConfiguration? configuration)
    {
        _configuration = configuration;
    }

    /// <summary>The keys of the section that no option reads, known once <see cref="Configure"/> ran.</summary>
    public System.Collections.Generic.IReadOnlyList<string> UnknownKeys { get; private set; } = System.Array.Empty<string>();

    public void Configure(ApieOptions options)
    {
        if (_configuration is not null)
        {
            UnknownKeys = ApieConfigurationBinder.Bind(_configuration.GetSection(ApieConfigurationBinder.SectionName), options);
        }
    }
}
