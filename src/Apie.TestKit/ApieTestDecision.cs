namespace Apie.TestKit;

/// <summary>
/// The decision a capture returns for a guardrail request, as the service's <c>policy_decision</c>. In monitor
/// mode the client records it and lets the tool run. In enforce mode a block throws
/// <see cref="ApieGuardrailBlockedException"/>, and a rejected approval throws <see cref="ApieApprovalException"/>.
/// </summary>
public sealed class ApieTestDecision
{
    internal const string RequireApprovalDecision = "require_approval";

    private ApieTestDecision(string decision, string? reason, bool approved)
    {
        Decision = decision;
        Reason = reason;
        Approved = approved;
    }

    /// <summary>The wire name: <c>allow</c>, <c>warn</c>, <c>block</c> or <c>require_approval</c>.</summary>
    public string Decision { get; }

    /// <summary>The reason sent with the decision, or null.</summary>
    public string? Reason { get; }

    /// <summary>For <c>require_approval</c>: whether the approval, which resolves at once, is approved or rejected.</summary>
    public bool Approved { get; }

    /// <summary>Lets the tool call proceed.</summary>
    public static ApieTestDecision Allow(string? reason = null) => new("allow", reason, approved: false);

    /// <summary>Lets the tool call proceed, and the client logs a warning.</summary>
    public static ApieTestDecision Warn(string? reason = null) => new("warn", reason, approved: false);

    /// <summary>Stops the tool call in enforce mode. Monitor mode only logs that it would.</summary>
    public static ApieTestDecision Block(string? reason = null) => new("block", reason, approved: false);

    /// <summary>Asks for a human approval in enforce mode, which resolves at once as approved or rejected.</summary>
    public static ApieTestDecision RequireApproval(bool approved, string? reason = null) => new(RequireApprovalDecision, reason, approved);
}
