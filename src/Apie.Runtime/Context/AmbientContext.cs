using System.Threading;
using Apie.Recording;

namespace Apie.Context;

/// <summary>
/// The run and session that new work belongs to. It flows with the execution context, so it follows
/// <c>await</c> and <c>Task.Run</c> and stays apart between concurrent calls.
/// </summary>
internal static class AmbientContext
{
    private static readonly AsyncLocal<IAmbientFrame?> s_current = new();

    public static IAmbientFrame? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }
}

/// <summary>
/// One level of ambient context: the nearest session and the nearest run, either may be absent. Open runs and
/// sessions are frames themselves, so making one ambient needs no frame object.
/// </summary>
internal interface IAmbientFrame
{
    SessionRecord? Session { get; }

    RunRecord? Run { get; }
}
