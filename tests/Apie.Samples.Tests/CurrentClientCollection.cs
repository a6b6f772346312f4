using Xunit;

namespace Apie.Samples.Tests;

/// <summary>
/// The tests that use the static <see cref="ApieClient.Current"/>, which the sample's generated code records
/// through. They run one at a time, so no test records through another test's client.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CurrentClientCollection
{
    public const string Name = "ApieClient.Current";
}
