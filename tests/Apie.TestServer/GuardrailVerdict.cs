using System;
using System.Linq;

namespace Apie.Testing;

/// <summary>
/// The outcome that <see cref="LoopbackApieServer.GuardrailRule"/> returns for one
/// <c>POST /v1/guardrails/evaluate</c> request.
/// </summary>
/// <param name="Decision">One of <c>allow</c>, <c>warn</c>, <c>block</c> or <c>require_approval</c>.</param>
/// <param name="Reason">Text returned as <c>reason</c>, or null to return JSON null.</param>
/// <param name="GuardrailKey">Key returned in <c>matched_guardrails</c>, or null to return an empty list.</param>
public sealed record GuardrailVerdict(string Decision, string? Reason = null, string? GuardrailKey = null)
{
    // Declared before Allow because static initializers run in textual order.
    private static readonly string[] Decisions = ["allow", "warn", "block", "require_approval"];

    /// <summary>The verdict used when no rule is set.</summary>
    public static GuardrailVerdict Allow { get; } = new("allow");

    private readonly string _decision = ValidateDecision(Decision);

    /// <summary>One of <c>allow</c>, <c>warn</c>, <c>block</c> or <c>require_approval</c>.</summary>
    public string Decision
    {
        get => _decision;
        init => _decision = ValidateDecision(value);
    }

    private static string ValidateDecision(string decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!Decisions.Contains(decision, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"Guardrail decision '{decision}' is invalid. Use allow, warn, block or require_approval.",
                nameof(decision));
        }

        return decision;
    }
}
