using System;
using System.Collections.Generic;
using Apie.Recording;

namespace Apie.Guardrails;

/// <summary>
/// Describes a tool call for the guardrails: the action defaults to <c>execute</c> named after the tool and the
/// resource to <c>unknown</c>, unless name inference is on and a word of the tool name matches. Values the tool
/// states always win.
/// </summary>
internal static class ToolBoundary
{
    // Checked in order; the first row with a word of the tool name decides. A null resource type keeps the
    // resource as given.
    private static readonly (string[] Words, string Action, string? Resource, string Risk)[] s_inference =
    {
        (new[] { "deploy", "release" }, "execute", "deployment_event", "high"),
        (new[] { "vault", "secret" }, "read", "secret", "critical"),
        (new[] { "db", "postgres", "sql" }, "update", "database_record", "high"),
        (new[] { "merge", "github" }, "merge", "code_repository", "high"),
        (new[] { "pipeline", "cicd" }, "execute", "pipeline_run", "high"),
        (new[] { "search", "read", "get" }, "read", null, "low"),
        (new[] { "rm", "delete", "destroy" }, "delete", "shell_command", "critical"),
    };

    /// <summary>Returns the wire name of a risk level, or null for <see cref="RiskLevel.Unspecified"/>.</summary>
    public static string? WireRisk(RiskLevel risk) => risk switch
    {
        RiskLevel.Low => "low",
        RiskLevel.Medium => "medium",
        RiskLevel.High => "high",
        RiskLevel.Critical => "critical",
        _ => null,
    };

    public static ToolDescription Describe(
        string name,
        string? provider,
        RiskLevel risk,
        string? actionType,
        string? actionName,
        string? resourceType,
        string? externalId,
        string? environment,
        bool guard,
        bool inferFromName)
    {
        var inferred = inferFromName ? Infer(name) : null;
        return new ToolDescription(
            Name: name,
            Provider: provider,
            RiskLevel: WireRisk(risk) ?? inferred?.Risk,
            ActionType: actionType ?? inferred?.Action ?? "execute",
            ActionName: actionName ?? name,
            ResourceType: resourceType ?? inferred?.Resource ?? "unknown",
            ExternalId: externalId,
            Environment: environment,
            Guard: guard);
    }

    /// <summary>
    /// Returns the first inference row with a word of <paramref name="toolName"/>, such as <c>merge</c> in
    /// <c>github.merge_pr</c>. Words are whole: <c>rm</c> matches <c>shell.rm</c> and <c>rmFile</c>, never <c>format</c>.
    /// </summary>
    internal static (string Action, string? Resource, string Risk)? Infer(string toolName)
    {
        var words = WordsOf(toolName);
        foreach (var row in s_inference)
        {
            foreach (var word in words)
            {
                if (Array.IndexOf(row.Words, word) >= 0)
                {
                    return (row.Action, row.Resource, row.Risk);
                }
            }
        }

        return null;
    }

    // Splits at every character that is not a letter or digit, and where a lower-case letter meets an upper-case one.
    private static List<string> WordsOf(string name)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var boundary = i == name.Length
                || !char.IsLetterOrDigit(name[i])
                || (i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]));
            if (boundary && start >= 0)
            {
                words.Add(name.Substring(start, i - start).ToLowerInvariant());
                start = -1;
            }

            if (i < name.Length && char.IsLetterOrDigit(name[i]) && start < 0)
            {
                start = i;
            }
        }

        return words;
    }
}
