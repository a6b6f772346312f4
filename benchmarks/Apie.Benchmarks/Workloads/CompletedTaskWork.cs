using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace Apie.Benchmarks.Workloads;

/// <summary>
/// The asynchronous shape whose task has already completed when the method returns, as a cache hit or a
/// buffered read does. Every variant does the same work, which is never inlined.
/// </summary>
public partial class CompletedTaskWork
{
    /// <summary>The work with nothing around it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Task<int> HandleAsync(int id) => Task.FromResult(id + 1);

    /// <summary>Wrapped at each call site by a generated interceptor; the run's input summary is the method name.</summary>
    [ApieRun]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Task<int> HandleRunAsync(int id) => Task.FromResult(id + 1);

    /// <summary>Wrapped at each call site by a generated interceptor; the input summary is rendered from the template.</summary>
    [ApieRun("Handle {id}")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Task<int> HandleRunWithTemplateAsync(int id) => Task.FromResult(id + 1);

    /// <summary>Wrapped by a generated body that calls <see cref="HandlePartialRunAsyncCore"/>.</summary>
    [ApieRun]
    public partial Task<int> HandlePartialRunAsync(int id);

    /// <summary>Wrapped by a generated body that calls <see cref="HandlePartialRunWithTemplateAsyncCore"/>, with a template.</summary>
    [ApieRun("Handle {id}")]
    public partial Task<int> HandlePartialRunWithTemplateAsync(int id);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Task<int> HandlePartialRunAsyncCore(int id) => Task.FromResult(id + 1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Task<int> HandlePartialRunWithTemplateAsyncCore(int id) => Task.FromResult(id + 1);
}
