using Xunit;

namespace Apie.Runtime.Tests;

/// <summary>
/// Tests that read the static <see cref="ApieClient.Current"/> or call <see cref="ApieGenerated"/>. Every
/// <see cref="ApieClient.Create"/> replaces the current client, so these tests run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CurrentClientCollection
{
    public const string Name = "ApieClient.Current";
}
