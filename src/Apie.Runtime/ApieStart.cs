using System;
using System.ComponentModel;

namespace Apie;

/// <summary>
/// A run, session, tool call, step or model call described now and opened later: a stream's record opens when
/// its enumeration begins, because that is when an iterator's body runs. Created by <see cref="ApieGenerated"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ApieStart
{
    private readonly Func<ApieClient, ApieScope> _open;

    internal ApieStart(Func<ApieClient, ApieScope> open)
    {
        _open = open;
    }

    /// <summary>Opens the record in the current ambient context and makes it ambient.</summary>
    internal ApieScope Open() => _open(ApieClient.Current);
}
