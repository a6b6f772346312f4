namespace Apie;

/// <summary>How much harm a tool call can do, sent as <c>risk_level</c>; guardrails weigh it.</summary>
public enum RiskLevel
{
    /// <summary>Not given: name inference may choose one, and the service decides otherwise.</summary>
    Unspecified,

    /// <summary>Reads or harmless work, such as a search. Wire value <c>low</c>.</summary>
    Low,

    /// <summary>Work with visible effects that are easy to undo, such as a draft reply. Wire value <c>medium</c>.</summary>
    Medium,

    /// <summary>Work with effects that are hard to undo, such as a refund or a deployment. Wire value <c>high</c>.</summary>
    High,

    /// <summary>Work that can destroy data or expose secrets. Wire value <c>critical</c>.</summary>
    Critical,
}
