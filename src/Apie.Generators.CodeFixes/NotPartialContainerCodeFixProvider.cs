using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Apie.Generators.CodeFixes;

/// <summary>
/// Fixes APIE0007 by adding <c>partial</c> to every type declaration around an attributed partial method that
/// lacks it, the innermost type and each containing type, so that the generator can declare the method's body.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NotPartialContainerCodeFixProvider))]
[Shared]
public sealed class NotPartialContainerCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "Apie.MakeContainingTypesPartial";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NotPartialContainer);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = ApieAttributes.DeclarationOfAttribute(root.FindNode(diagnostic.Location.SourceSpan));
            var types = declaration is null ? new List<TypeDeclarationSyntax>() : TypesWithoutPartial(declaration);
            if (types.Count == 0)
            {
                continue;
            }

            var title = types.Count == 1
                ? $"Make '{types[0].Identifier.ValueText}' partial"
                : $"Make '{types[0].Identifier.ValueText}' and its containing types partial";
            context.RegisterCodeFix(
                CodeAction.Create(title, cancellationToken => AddPartialAsync(context.Document, types, cancellationToken), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>Returns the type declarations around the method that lack <c>partial</c>, innermost first.</summary>
    private static List<TypeDeclarationSyntax> TypesWithoutPartial(MethodDeclarationSyntax declaration)
        => declaration.Ancestors()
            .OfType<TypeDeclarationSyntax>()
            .Where(type => !type.Modifiers.Any(SyntaxKind.PartialKeyword))
            .ToList();

    private static async Task<Document> AddPartialAsync(Document document, List<TypeDeclarationSyntax> types, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNodes(types, (_, rewritten) => AddPartial(rewritten)));
    }

    /// <summary>
    /// Adds <c>partial</c> as the last modifier, because C# accepts it only right before <c>class</c>,
    /// <c>struct</c>, <c>record</c> or <c>interface</c>.
    /// </summary>
    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
    {
        if (type.Modifiers.Count > 0)
        {
            var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            return type.WithModifiers(type.Modifiers.Add(partial));
        }

        // Without modifiers the keyword carries the indentation and any documentation comment, which move to
        // the new first token.
        var keyword = type.Keyword;
        var first = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return type
            .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
            .WithModifiers(SyntaxFactory.TokenList(first));
    }
}
