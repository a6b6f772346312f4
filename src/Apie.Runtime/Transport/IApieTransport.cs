using System;
using System.Threading;
using System.Threading.Tasks;

namespace Apie.Transport;

/// <summary>
/// Sends one attempt of a request. The only room that touches the network or the local request file; retries
/// and ordering are decided above it.
/// </summary>
internal interface IApieTransport : IDisposable
{
    /// <summary>A short description for logs, such as the base URL or the local file path.</summary>
    string Destination { get; }

    /// <summary>Sends the request once. Returns a response with status 0 instead of throwing on a network error.</summary>
    Task<ApieResponse> SendAsync(ApieRequest request, CancellationToken cancellationToken);
}
