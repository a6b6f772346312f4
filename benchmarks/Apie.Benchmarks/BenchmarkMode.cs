namespace Apie.Benchmarks;

/// <summary>Whether the host runs the short mode that <c>--quick</c> selects; read by the job configurations.</summary>
public static class BenchmarkMode
{
    /// <summary>True for <c>--quick</c>: fewer iterations, enough to prove that every benchmark builds and runs.</summary>
    public static bool Quick { get; set; }
}
