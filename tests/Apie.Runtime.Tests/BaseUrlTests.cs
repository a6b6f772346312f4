using System;
using System.Threading;
using System.Threading.Tasks;
using Apie.Runtime.Tests.Support;
using Xunit;

namespace Apie.Runtime.Tests;

public sealed class BaseUrlTests
{
    [Theory]
    [InlineData("gateway/apie/")]
    [InlineData("gateway/apie")]
    public async Task BaseUrlWithPath_KeepsPathPrefix(string prefix)
    {
        await using var harness = await LoopbackHarness.StartAsync(options => options.BaseUrl = new Uri(options.BaseUrl!, prefix));
        using var timeout = new CancellationTokenSource(LoopbackHarness.WaitTimeout);

        // The loopback server serves no prefixed paths, so registration fails. Only the path the client used matters.
        await harness.Client.ReadyAsync(timeout.Token);

        var identify = Assert.Single(harness.Server.Requests);
        Assert.Equal("/gateway/apie/v1/agents/identify", identify.Path);
    }
}
