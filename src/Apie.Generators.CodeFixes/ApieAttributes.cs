using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Apie.Generators.CodeFixes;

/// <summary>Finds the Apie attributes of a method, such as <c>[ApieRun]</c> and <c>[ApieTool]</c>.</summary>
internal static class ApieAttributes
{
    private static readonly string[] s_names =
    {
        "Apie.ApieRunAttribute", "Apie.ApieSessionAttribute", "Apie.ApieToolAttribute", "Apie.ApieWorkflowStepAttribute", "Apie.ApieLlmCallAttribute",
    };

    public static bool IsApieAttribute(AttributeData attribute)
        => System.Array.IndexOf(s_names, attribute.AttributeClass?.ToDisplayString()) >= 0;

    /// <summary>Returns the first Apie attribute of the method, or null when it has none.</summary>
    public static AttributeData? Find(IMethodSymbol method)
        => method.GetAttributes().FirstOrDefault(IsApieAttribute);

    /// <summary>Returns the attribute's short name in brackets, such as <c>[ApieRun]</c>, for code action titles.</summary>
    public static string Display(AttributeData attribute)
    {
        var name = attribute.AttributeClass?.Name ?? "ApieRunAttribute";
        return "[" + (name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name) + "]";
    }

    /// <summary>
    /// Returns the method declaration that an Apie diagnostic reported at the attribute belongs to, or null when the
    /// attribute sits on something else, such as a local function.
    /// </summary>
    public static MethodDeclarationSyntax? DeclarationOfAttribute(SyntaxNode node)
        => node.FirstAncestorOrSelf<AttributeSyntax>()?.Parent?.Parent as MethodDeclarationSyntax;
}
