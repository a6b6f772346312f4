using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Apie.Generators.CodeFixes;

/// <summary>Removes one attribute from a declaration and keeps the layout of the lines around it.</summary>
internal static class AttributeRemover
{
    /// <summary>
    /// Returns the declaration without the attribute. An attribute list that contained only this attribute is
    /// removed. Its leading trivia (a blank line, a documentation comment, the indentation) moves to the next
    /// token, so the declaration keeps its place and spacing.
    /// </summary>
    public static SyntaxNode Remove(SyntaxNode declaration, AttributeSyntax attribute)
    {
        var list = (AttributeListSyntax)attribute.Parent!;
        if (list.Attributes.Count > 1)
        {
            return declaration.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
        }

        // The list is found again through an annotation, since each edit returns a new tree.
        var annotation = new SyntaxAnnotation();
        var annotated = declaration.ReplaceNode(list, list.WithAdditionalAnnotations(annotation));
        var annotatedList = (AttributeListSyntax)annotated.GetAnnotatedNodes(annotation).Single();

        var next = annotatedList.GetLastToken().GetNextToken();
        var remainingTrivia = next.LeadingTrivia.SkipWhile(trivia => trivia.IsKind(SyntaxKind.WhitespaceTrivia));
        var movedTrivia = SyntaxFactory.TriviaList(annotatedList.GetLeadingTrivia().Concat(remainingTrivia));

        var withoutList = annotated.ReplaceToken(next, next.WithLeadingTrivia(movedTrivia));
        var listInNewTree = withoutList.GetAnnotatedNodes(annotation).Single();
        return withoutList.RemoveNode(listInNewTree, SyntaxRemoveOptions.KeepNoTrivia)!;
    }
}
