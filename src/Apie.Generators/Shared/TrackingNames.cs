namespace Apie.Generators.Shared;

/// <summary>
/// The names of the generator's pipeline stages. The caching tests find every constant here by reflection,
/// so a new stage is checked as soon as it gets a name.
/// </summary>
internal static class TrackingNames
{
    public const string RunMethods = "Apie.RunMethods";
    public const string SessionMethods = "Apie.SessionMethods";
    public const string CollectedRunMethods = "Apie.CollectedRunMethods";
    public const string CollectedSessionMethods = "Apie.CollectedSessionMethods";
    public const string ToolMethods = "Apie.ToolMethods";
    public const string WorkflowStepMethods = "Apie.WorkflowStepMethods";
    public const string LlmCallMethods = "Apie.LlmCallMethods";
    public const string CollectedToolMethods = "Apie.CollectedToolMethods";
    public const string CollectedWorkflowStepMethods = "Apie.CollectedWorkflowStepMethods";
    public const string CollectedLlmCallMethods = "Apie.CollectedLlmCallMethods";
    public const string CombinedMethods = "Apie.CombinedMethods";
    public const string CombinedWithTools = "Apie.CombinedWithTools";
    public const string CombinedWithWorkflowSteps = "Apie.CombinedWithWorkflowSteps";
    public const string CombinedWithLlmCalls = "Apie.CombinedWithLlmCalls";
    public const string DeclaredAndReferencedMethods = "Apie.DeclaredAndReferencedMethods";
    public const string AllMethods = "Apie.AllMethods";
    public const string CallSiteCandidates = "Apie.CallSiteCandidates";
    public const string CallSites = "Apie.CallSites";
    public const string CollectedCallSites = "Apie.CollectedCallSites";
    public const string CallSitesByMethod = "Apie.CallSitesByMethod";
    public const string MethodsAndCallSites = "Apie.MethodsAndCallSites";
    public const string MethodsWithCallSites = "Apie.MethodsWithCallSites";
    public const string LanguageLevel = "Apie.LanguageLevel";
}
