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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Apie.Generators.CodeFixes;

/// <summary>
/// Fixes APIE0002 by changing an attributed <c>async void</c> method to <c>async Task</c>, adding
/// <c>using System.Threading.Tasks;</c> when the file has no such directive and the name <c>Task</c> is free.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncVoidCodeFixProvider))]
[Shared]
public sealed class AsyncVoidCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "Apie.ReturnTask";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.AsyncVoid);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = ApieAttributes.DeclarationOfAttribute(root.FindNode(diagnostic.Location.SourceSpan));
            if (declaration is null || !CanReturnTask(declaration, model, context.CancellationToken))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Return Task instead of void",
                    cancellationToken => ReturnTaskAsync(context.Document, declaration, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>
    /// Whether the return type can change without breaking other code: not when the method overrides or implements
    /// a member that returns void, and not for a partial method, whose parts must change together.
    /// </summary>
    private static bool CanReturnTask(MethodDeclarationSyntax declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        if (declaration.ReturnType is not PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
            || !declaration.Modifiers.Any(SyntaxKind.AsyncKeyword)
            || declaration.Modifiers.Any(SyntaxKind.PartialKeyword)
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } method
            || model.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task") is null)
        {
            return false;
        }

        return !method.IsOverride && method.ExplicitInterfaceImplementations.IsEmpty && !ImplementsInterfaceMember(method);
    }

    private static bool ImplementsInterfaceMember(IMethodSymbol method)
        => method.ContainingType.AllInterfaces
            .SelectMany(contract => contract.GetMembers(method.Name))
            .Any(member => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method));

    private static async Task<Document> ReturnTaskAsync(Document document, MethodDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        // The qualified name binds in any file. The import adder adds the using directive where that cannot change
        // what other names bind to, and the simplifier then shortens the name to Task where it binds.
        var task = SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task")
            .WithTriviaFrom(declaration.ReturnType)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var changed = document.WithSyntaxRoot(root!.ReplaceNode(declaration.ReturnType, task));
        return await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
