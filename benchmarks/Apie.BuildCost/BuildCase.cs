namespace Apie.BuildCost;

/// <summary>One way of building the written project, timed in its own full builds.</summary>
/// <param name="Name">Short name, used in tables and log file names.</param>
/// <param name="Title">Heading of the case's summary table.</param>
/// <param name="Arguments">Arguments added to the shared <c>dotnet build</c> command line.</param>
/// <param name="ApieAnalyzersRun">Whether the compiler runs the Apie analyzers in this case.</param>
/// <param name="ApieGeneratorRuns">Whether the compiler runs the Apie generator in this case.</param>
internal sealed record BuildCase(string Name, string Title, string[] Arguments, bool ApieAnalyzersRun, bool ApieGeneratorRuns = true)
{
    /// <summary>The project as a user builds it: every generator and analyzer runs.</summary>
    public static readonly BuildCase Normal = new(
        "normal",
        "Full build with the Apie generator and analyzers",
        [],
        ApieAnalyzersRun: true);

    /// <summary>
    /// A global analyzer config sets every Apie rule to severity none. The compiler does not run an analyzer whose
    /// rules are all disabled, so the Apie analyzers drop out and the generator and the SDK's analyzers still run.
    /// </summary>
    public static readonly BuildCase WithoutApieAnalyzers = new(
        "without-apie-analyzers",
        "Full build with every Apie rule set to severity none: the generator runs, the Apie analyzers do not",
        [$"-p:{ConsumerProject.SuppressApieRulesProperty}=true"],
        ApieAnalyzersRun: false);

    /// <summary>
    /// <c>-p:RunAnalyzers=false</c> passes /skipanalyzers to the compiler, which skips every analyzer and still
    /// runs every generator.
    /// </summary>
    public static readonly BuildCase WithoutAnalyzers = new(
        "without-analyzers",
        "Full build with -p:RunAnalyzers=false: the generators run, no analyzer does",
        ["-p:RunAnalyzers=false"],
        ApieAnalyzersRun: false);

    /// <summary>
    /// The same sources as plain C#: the Apie generator and analyzers are removed from the compilation, and a file
    /// gives each partial method the body that calls its <c>Core</c> method. The attributes stay, as inert
    /// metadata. The difference from <see cref="Normal"/> is everything that Apie adds to the build, the compilation
    /// of the generated code included.
    /// </summary>
    public static readonly BuildCase WithoutApie = new(
        "without-apie",
        "Full build without the Apie generator and analyzers: the same sources as plain C#",
        [$"-p:{ConsumerProject.WithoutApieProperty}=true"],
        ApieAnalyzersRun: false,
        ApieGeneratorRuns: false);
}
