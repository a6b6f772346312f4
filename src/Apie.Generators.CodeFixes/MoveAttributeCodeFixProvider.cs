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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace Apie.Generators.CodeFixes;

/// <summary>
/// Moves an Apie attribute from an implementation to the member that callers bind to: the interface member of an
/// explicit interface implementation (APIE0001), or the interface or base member that a call reaches the
/// attributed implementation through (APIE0010). Both members must be declared in source in the solution.
/// </summary>
/// <remarks>
/// Placeholders in the summary templates are renamed where the two members name a parameter differently, so that
/// <c>{request}</c> on the implementation becomes <c>{query}</c> when the interface member calls the same
/// parameter <c>query</c>. Names in the attribute's arguments are written so that they bind in the target file,
/// with a using directive added where needed.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveAttributeCodeFixProvider))]
[Shared]
public sealed class MoveAttributeCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "Apie.MoveAttributeToCalledMember";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.UnsupportedTarget, DiagnosticIds.InterfaceCallUntraced);

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
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var moves = diagnostic.Id == DiagnosticIds.UnsupportedTarget
                ? MoveFromExplicitImplementation(node, model, context.CancellationToken)
                : MovesForCall(node, model, context.CancellationToken);

            var solution = context.Document.Project.Solution;
            var applicable = moves.Where(move => CanMove(move, solution)).ToList();
            foreach (var move in applicable)
            {
                // One fix per attributed implementation: with several, each fix names the one it moves from.
                var title = applicable.Count == 1
                    ? $"Move {move.AttributeDisplay} to '{Describe(move.Target)}'"
                    : $"Move {move.AttributeDisplay} from '{Describe(move.Implementation)}' to '{Describe(move.Target)}'";
                var key = applicable.Count == 1 ? EquivalenceKey : EquivalenceKey + ":" + move.Implementation.GetDocumentationCommentId();
                context.RegisterCodeFix(
                    CodeAction.Create(title, cancellationToken => MoveAsync(solution, move, cancellationToken), key),
                    diagnostic);
            }
        }
    }

    /// <summary>An attribute to move from an implementation to the member it implements or overrides.</summary>
    private sealed class Move
    {
        public Move(IMethodSymbol implementation, IMethodSymbol target, AttributeData attribute)
        {
            Implementation = implementation;
            Target = target;
            Attribute = attribute;
        }

        public IMethodSymbol Implementation { get; }

        public IMethodSymbol Target { get; }

        public AttributeData Attribute { get; }

        public string AttributeDisplay => ApieAttributes.Display(Attribute);
    }

    private static string Describe(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;

    private static IEnumerable<Move> MoveFromExplicitImplementation(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        var declaration = ApieAttributes.DeclarationOfAttribute(node);
        if (declaration?.ExplicitInterfaceSpecifier is null
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } implementation
            || implementation.ExplicitInterfaceImplementations.Length != 1
            || ApieAttributes.Find(implementation) is not { } attribute)
        {
            yield break;
        }

        yield return new Move(implementation, implementation.ExplicitInterfaceImplementations[0].OriginalDefinition, attribute);
    }

    private static IEnumerable<Move> MovesForCall(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation is null || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
        {
            return Enumerable.Empty<Move>();
        }

        var target = (operation.TargetMethod.ReducedFrom ?? operation.TargetMethod).OriginalDefinition;
        return AttributedImplementations(target, model.Compilation, cancellationToken)
            .Select(implementation => new Move(implementation, target, ApieAttributes.Find(implementation)!));
    }

    /// <summary>
    /// Returns the attributed methods of the compilation that implement or override the member, found the way the
    /// analyzer that reports APIE0010 finds them.
    /// </summary>
    private static IEnumerable<IMethodSymbol> AttributedImplementations(IMethodSymbol member, Compilation compilation, CancellationToken cancellationToken)
    {
        var containers = new Stack<INamespaceOrTypeSymbol>();
        containers.Push(compilation.Assembly.GlobalNamespace);
        while (containers.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var symbol in containers.Pop().GetMembers())
            {
                if (symbol is INamespaceOrTypeSymbol container)
                {
                    containers.Push(container);
                }

                if (symbol is IMethodSymbol method
                    && ApieAttributes.Find(method) is not null
                    && Implemented(method).Any(implemented => SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, member)))
                {
                    yield return method;
                }
            }
        }
    }

    private static IEnumerable<IMethodSymbol> Implemented(IMethodSymbol method)
    {
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            yield return overridden;
        }

        foreach (var member in method.ExplicitInterfaceImplementations)
        {
            yield return member;
        }

        foreach (var contract in method.ContainingType.AllInterfaces)
        {
            foreach (var candidate in contract.GetMembers(method.Name).OfType<IMethodSymbol>())
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(candidate), method))
                {
                    yield return candidate;
                }
            }
        }
    }

    /// <summary>
    /// Whether the move can be written: both members are declared in documents of the solution, and the target
    /// has no Apie attribute yet. A partial method whose body the generator writes keeps its attribute, because
    /// without it the method gets no body.
    /// </summary>
    private static bool CanMove(Move move, Solution solution)
    {
        if (move.Attribute.ApplicationSyntaxReference is not { } attributeReference
            || solution.GetDocument(attributeReference.SyntaxTree) is null
            || ApieAttributes.Find(move.Target) is not null
            || move.Implementation.IsPartialDefinition)
        {
            return false;
        }

        var targetReference = move.Target.DeclaringSyntaxReferences.FirstOrDefault();
        return targetReference is not null && solution.GetDocument(targetReference.SyntaxTree) is not null;
    }

    private static async Task<Solution> MoveAsync(Solution solution, Move move, CancellationToken cancellationToken)
    {
        var attributeReference = move.Attribute.ApplicationSyntaxReference!;
        var sourceDocument = solution.GetDocument(attributeReference.SyntaxTree)!;
        var attribute = (AttributeSyntax)await attributeReference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);

        var targetReference = move.Target.DeclaringSyntaxReferences[0];
        var targetDocument = solution.GetDocument(targetReference.SyntaxTree)!;
        var targetDeclaration = await targetReference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);

        // Fully qualified names bind in any file. The import adder and the simplifier shorten them again.
        var moved = await Simplifier.ExpandAsync(attribute, sourceDocument, cancellationToken: cancellationToken).ConfigureAwait(false);
        moved = PlaceholderRenamer.Rename(moved, ParameterRenames(move.Implementation, move.Target))
            .WithoutTrivia()
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        var editor = new SolutionEditor(solution);
        var sourceEditor = await editor.GetDocumentEditorAsync(sourceDocument.Id, cancellationToken).ConfigureAwait(false);
        var sourceDeclaration = attribute.Parent!.Parent!;
        sourceEditor.ReplaceNode(sourceDeclaration, AttributeRemover.Remove(sourceDeclaration, attribute));
        var targetEditor = await editor.GetDocumentEditorAsync(targetDocument.Id, cancellationToken).ConfigureAwait(false);
        targetEditor.AddAttribute(targetDeclaration, moved);

        var changed = editor.GetChangedSolution();
        var withImports = await ImportAdder.AddImportsAsync(changed.GetDocument(targetDocument.Id)!, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return withImports.Project.Solution;
    }

    /// <summary>Maps each implementation parameter name to the target's name at the same position, where they differ.</summary>
    private static Dictionary<string, string> ParameterRenames(IMethodSymbol implementation, IMethodSymbol target)
    {
        var renames = new Dictionary<string, string>();
        for (var i = 0; i < implementation.Parameters.Length && i < target.Parameters.Length; i++)
        {
            if (implementation.Parameters[i].Name != target.Parameters[i].Name)
            {
                renames[implementation.Parameters[i].Name] = target.Parameters[i].Name;
            }
        }

        return renames;
    }
}
