using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;

namespace Apie.Testing;

/// <summary>
/// Recorded requests and accepted events, kept in arrival order. Thread-safe.
/// </summary>
/// <remarks>
/// A request takes its index when it arrives but is stored once its response status is known,
/// so a slow request may be stored after faster ones that arrived later. <see cref="Requests"/>
/// and <see cref="Events"/> sort by arrival index to restore arrival order. A request that arrived before <see cref="Clear"/> is dropped when it finishes.
/// </remarks>
internal sealed class RequestRecorder
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(int RequestIndex, JsonElement Event)> _events = [];
    private int _generation;
    private int _nextIndex;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests.OrderBy(request => request.Index)];
            }
        }
    }

    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events.OrderBy(entry => entry.RequestIndex).Select(entry => entry.Event)];
            }
        }
    }

    public Arrival Begin()
    {
        lock (_gate)
        {
            return new Arrival(_generation, _nextIndex++, DateTimeOffset.UtcNow);
        }
    }

    /// <summary>
    /// Stores a finished request and the events its response accepted, unless
    /// <see cref="Clear"/> ran after the request arrived.
    /// </summary>
    public void Record(Arrival arrival, RequestLine line, int responseStatus, string responseBody, IReadOnlyList<JsonElement> acceptedEvents)
    {
        var request = new RecordedRequest(
            arrival.Index,
            line.Method,
            line.Path,
            line.QueryString,
            line.Authorization,
            line.Body,
            responseStatus,
            arrival.ReceivedAt)
        {
            ResponseBody = responseBody,
        };

        lock (_gate)
        {
            if (arrival.Generation != _generation)
            {
                return;
            }

            _requests.Add(request);
            foreach (JsonElement acceptedEvent in acceptedEvents)
            {
                _events.Add((arrival.Index, acceptedEvent));
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _generation++;
            _nextIndex = 0;
            _requests.Clear();
            _events.Clear();
        }
    }

    /// <summary>Arrival data of a request that is still being handled.</summary>
    internal readonly record struct Arrival(int Generation, int Index, DateTimeOffset ReceivedAt);

    /// <summary>The parts of a request that are recorded.</summary>
    internal sealed record RequestLine(string Method, string Path, string QueryString, string? Authorization, string Body);
}
