using System.ComponentModel;
using Apie.Recording;

namespace Apie;

/// <summary>
/// A run or session described now and opened later: a stream's record opens when its enumeration begins,
/// because that is when an iterator's body runs. Created by <see cref="ApieGenerated"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ApieStart
{
    private readonly RunDescription? _run;
    private readonly SessionKind _sessionKind;
    private readonly string? _sessionInput;
    private readonly string? _sessionEnvironment;

    internal ApieStart(RunDescription run)
    {
        _run = run;
    }

    internal ApieStart(SessionKind kind, string? inputSummary, string? environment)
    {
        _sessionKind = kind;
        _sessionInput = inputSummary;
        _sessionEnvironment = environment;
    }

    /// <summary>Opens the record in the current ambient context and makes it ambient.</summary>
    internal ApieScope Open()
        => _run is not null
            ? ApieClient.Current.StartRunScope(_run)
            : ApieClient.Current.StartSessionScope(_sessionKind, _sessionInput, _sessionEnvironment);
}
