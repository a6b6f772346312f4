using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Apie.Generators.CodeFixes;

/// <summary>Finds the <c>[ApieRun]</c> and <c>[ApieSession]</c> attributes of a method.</summary>
internal static class ApieAttributes
{
    public const string RunAttributeName = "Apie.ApieRunAttribute";
    public const string SessionAttributeName = "Apie.ApieSessionAttribute";

    public static bool IsApieAttribute(AttributeData attribute)
    {
        var name = attribute.AttributeClass?.ToDisplayString();
        return name == RunAttributeName || name == SessionAttributeName;
    }

    /// <summary>Returns the first Apie attribute of the method, or null when it has none.</summary>
    public static AttributeData? Find(IMethodSymbol method)
        => method.GetAttributes().FirstOrDefault(IsApieAttribute);

    /// <summary>Returns the attribute's short name in brackets, such as <c>[ApieRun]</c>, for code action titles.</summary>
    public static string Display(AttributeData attribute)
        => attribute.AttributeClass?.ToDisplayString() == SessionAttributeName ? "[ApieSession]" : "[ApieRun]";

    /// <summary>
    /// Returns the method declaration that an Apie diagnostic reported at the attribute belongs to, or null when the
    /// attribute sits on something else, such as a local function.
    /// </summary>
    public static MethodDeclarationSyntax? DeclarationOfAttribute(SyntaxNode node)
        => node.FirstAncestorOrSelf<AttributeSyntax>()?.Parent?.Parent as MethodDeclarationSyntax;
}
