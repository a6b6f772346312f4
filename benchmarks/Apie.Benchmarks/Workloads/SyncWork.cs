using System.Runtime.CompilerServices;

namespace Apie.Benchmarks.Workloads;

/// <summary>
/// The synchronous shape: a method that returns a value at once. Every variant does the same work, and that work
/// is never inlined, so the benchmarks differ only in what wraps the call.
/// </summary>
public partial class SyncWork
{
    /// <summary>The work with nothing around it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Handle(int id) => id + 1;

    /// <summary>Wrapped at each call site by a generated interceptor; the run's input summary is the method name.</summary>
    [ApieRun]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int HandleRun(int id) => id + 1;

    /// <summary>Wrapped at each call site by a generated interceptor; the input summary is rendered from the template.</summary>
    [ApieRun("Handle {id}")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int HandleRunWithTemplate(int id) => id + 1;

    /// <summary>Wrapped by a generated body that calls <see cref="HandlePartialRunCore"/>.</summary>
    [ApieRun]
    public partial int HandlePartialRun(int id);

    /// <summary>Wrapped by a generated body that calls <see cref="HandlePartialRunWithTemplateCore"/>, with a template.</summary>
    [ApieRun("Handle {id}")]
    public partial int HandlePartialRunWithTemplate(int id);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int HandlePartialRunCore(int id) => id + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int HandlePartialRunWithTemplateCore(int id) => id + 1;
}
