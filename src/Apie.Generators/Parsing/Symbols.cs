using System.Linq;
using Apie.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Apie.Generators.Parsing;

/// <summary>Symbol questions that the method parser and the call-site parser must answer the same way.</summary>
internal static class Symbols
{
    public const string RunAttributeName = "Apie.ApieRunAttribute";
    public const string SessionAttributeName = "Apie.ApieSessionAttribute";
    public const string ToolAttributeName = "Apie.ApieToolAttribute";
    public const string WorkflowStepAttributeName = "Apie.ApieWorkflowStepAttribute";
    public const string LlmCallAttributeName = "Apie.ApieLlmCallAttribute";
    public const string WrappedAttributeName = "Apie.ApieWrappedAttribute";

    /// <summary>Returns the stable key that ties a method to the call sites that reach it.</summary>
    public static string KeyOf(IMethodSymbol method)
    {
        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        return definition.GetDocumentationCommentId() ?? definition.ToDisplayString();
    }

    /// <summary>Returns the kind of work an Apie attribute records, or null for any other attribute.</summary>
    /// <remarks>
    /// The call-site parser calls this for every attribute of every method that the project calls, so it compares
    /// names and never builds a display string.
    /// </remarks>
    public static WrapperKind? KindOf(AttributeData attribute)
    {
        var type = attribute.AttributeClass;
        if (type is null || !IsInApieNamespace(type))
        {
            return null;
        }

        return type.Name switch
        {
            "ApieRunAttribute" => WrapperKind.Run,
            "ApieSessionAttribute" => WrapperKind.Session,
            "ApieToolAttribute" => WrapperKind.Tool,
            "ApieWorkflowStepAttribute" => WrapperKind.WorkflowStep,
            "ApieLlmCallAttribute" => WrapperKind.LlmCall,
            _ => null,
        };
    }

    /// <summary>Whether the method carries an Apie attribute that wraps it, such as <c>[ApieRun]</c> or <c>[ApieTool]</c>.</summary>
    public static bool HasApieAttribute(IMethodSymbol method) => method.GetAttributes().Any(attribute => KindOf(attribute) is not null);

    /// <summary>
    /// Whether the generator writes this method's body: a partial definition whose implementation part the user
    /// left out. Calls to such a method need no interceptor.
    /// </summary>
    public static bool IsGeneratedPartial(IMethodSymbol method)
        => (method.IsPartialDefinition && method.PartialImplementationPart is null)
           || method.GetAttributes().Any(IsWrappedAttribute)
           || (method.PartialImplementationPart?.GetAttributes().Any(IsWrappedAttribute) ?? false);

    private static bool IsWrappedAttribute(AttributeData attribute)
        => attribute.AttributeClass is { Name: "ApieWrappedAttribute" } type && IsInApieNamespace(type);

    private static bool IsInApieNamespace(INamedTypeSymbol type)
        => type.ContainingType is null
           && type.ContainingNamespace is { Name: "Apie", ContainingNamespace.IsGlobalNamespace: true };

    /// <summary>Returns the name as C# source, escaped with <c>@</c> where it is a keyword.</summary>
    public static string Escape(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.AwaitKeyword
            ? "@" + name
            : name;
}
