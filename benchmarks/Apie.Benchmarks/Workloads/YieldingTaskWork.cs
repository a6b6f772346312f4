using System.Threading.Tasks;

namespace Apie.Benchmarks.Workloads;

/// <summary>
/// The asynchronous shape that gives up its thread once before it completes, as real I/O does. The rest of the
/// method runs on a thread-pool thread. Every variant does the same work.
/// </summary>
public partial class YieldingTaskWork
{
    /// <summary>The work with nothing around it.</summary>
    public async Task<int> HandleAsync(int id)
    {
        await Task.Yield();
        return id + 1;
    }

    /// <summary>Wrapped at each call site by a generated interceptor; the run's input summary is the method name.</summary>
    [ApieRun]
    public async Task<int> HandleRunAsync(int id)
    {
        await Task.Yield();
        return id + 1;
    }

    /// <summary>Wrapped at each call site by a generated interceptor; the input summary is rendered from the template.</summary>
    [ApieRun("Handle {id}")]
    public async Task<int> HandleRunWithTemplateAsync(int id)
    {
        await Task.Yield();
        return id + 1;
    }

    /// <summary>Wrapped by a generated body that calls <see cref="HandlePartialRunAsyncCore"/>.</summary>
    [ApieRun]
    public partial Task<int> HandlePartialRunAsync(int id);

    /// <summary>Wrapped by a generated body that calls <see cref="HandlePartialRunWithTemplateAsyncCore"/>, with a template.</summary>
    [ApieRun("Handle {id}")]
    public partial Task<int> HandlePartialRunWithTemplateAsync(int id);

    private async Task<int> HandlePartialRunAsyncCore(int id)
    {
        await Task.Yield();
        return id + 1;
    }

    private async Task<int> HandlePartialRunWithTemplateAsyncCore(int id)
    {
        await Task.Yield();
        return id + 1;
    }
}
