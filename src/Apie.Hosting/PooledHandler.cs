using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Http;

namespace Apie.Hosting;

/// <summary>
/// Sends each request through a handler that <see cref="IHttpMessageHandlerFactory"/> creates for it, so the
/// factory's pooling, handler lifetime and configured handlers apply to a client that lives as long as the app.
/// </summary>
internal sealed class PooledHandler : HttpMessageHandler
{
    private readonly IHttpMessageHandlerFactory _factory;
    private readonly string _name;

    public PooledHandler(IHttpMessageHandlerFactory factory, string name)
    {
        _factory = factory;
        _name = name;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The factory owns its handlers and disposes them when they expire, so the invoker must not.
        using var invoker = new HttpMessageInvoker(_factory.CreateHandler(_name), disposeHandler: false);
        return await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
