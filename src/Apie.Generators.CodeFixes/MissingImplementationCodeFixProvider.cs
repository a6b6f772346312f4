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
using Microsoft.CodeAnalysis.Formatting;

namespace Apie.Generators.CodeFixes;

/// <summary>
/// Fixes APIE0006 by adding the implementation method that the generated body of an attributed partial method
/// calls: private, named <c>&lt;Name&gt;Core</c> or the attribute's <c>Implementation</c>, with the partial
/// method's return type, parameters, type parameters and constraints, static when the partial method is, and a
/// body that throws <see cref="System.NotImplementedException"/>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingImplementationCodeFixProvider))]
[Shared]
public sealed class MissingImplementationCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "Apie.AddImplementation";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MissingImplementation);

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
            if (declaration is null
                || declaration.Body is not null
                || declaration.ExpressionBody is not null
                || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } method
                || ImplementationName(method) is not { } name
                || HasConflictingMember(method, name))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add the implementation method '{name}'",
                    cancellationToken => AddImplementationAsync(context.Document, declaration, name, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>Returns the name the generated body calls, or null when it is not a valid C# identifier.</summary>
    private static string? ImplementationName(IMethodSymbol method)
    {
        var attribute = ApieAttributes.Find(method);
        var named = attribute?.NamedArguments.FirstOrDefault(argument => argument.Key == "Implementation").Value.Value as string;
        var name = named ?? method.Name + "Core";
        return SyntaxFacts.IsValidIdentifier(name) ? name : null;
    }

    /// <summary>
    /// Whether a member of that name already exists that the new method would clash with: anything other than a
    /// method, or a method with the same type parameter count and parameter types, whose signature the user has to
    /// correct instead.
    /// </summary>
    private static bool HasConflictingMember(IMethodSymbol method, string name)
    {
        foreach (var member in method.ContainingType.GetMembers(name))
        {
            if (member is not IMethodSymbol candidate)
            {
                return true;
            }

            if (candidate.Arity != method.Arity || candidate.Parameters.Length != method.Parameters.Length)
            {
                continue;
            }

            var comparable = candidate.Arity == 0 ? candidate : candidate.Construct(method.TypeParameters.ToArray<ITypeSymbol>());
            var sameParameters = comparable.Parameters
                .Zip(method.Parameters, (left, right) => SymbolEqualityComparer.Default.Equals(left.Type, right.Type))
                .All(same => same);
            if (sameParameters)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<Document> AddImplementationAsync(Document document, MethodDeclarationSyntax declaration, string name, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var implementation = Implementation(declaration, name, EndOfLine(root!));
        return document.WithSyntaxRoot(root!.InsertNodesAfter(declaration, new[] { implementation }));
    }

    /// <summary>
    /// Builds the implementation from the partial declaration's syntax. Both sit in the same type, so every type
    /// name in the copied signature binds to the same type.
    /// </summary>
    private static MethodDeclarationSyntax Implementation(MethodDeclarationSyntax declaration, string name, SyntaxTrivia endOfLine)
    {
        var modifiers = SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword));
        foreach (var kind in new[] { SyntaxKind.StaticKeyword, SyntaxKind.ReadOnlyKeyword, SyntaxKind.UnsafeKeyword })
        {
            if (declaration.Modifiers.Any(kind))
            {
                modifiers = modifiers.Add(SyntaxFactory.Token(kind));
            }
        }

        // The generated body passes every argument in order, so an extension receiver's 'this' and default
        // values have no use on the implementation.
        var parameters = declaration.ParameterList.Parameters.Select(parameter => parameter
            .WithModifiers(SyntaxFactory.TokenList(parameter.Modifiers.Where(modifier => !modifier.IsKind(SyntaxKind.ThisKeyword))))
            .WithDefault(null));

        var body = SyntaxFactory.Block(
            SyntaxFactory.ThrowStatement(
                SyntaxFactory.ObjectCreationExpression(SyntaxFactory.ParseTypeName("System.NotImplementedException"))
                    .WithArgumentList(SyntaxFactory.ArgumentList())));

        return SyntaxFactory.MethodDeclaration(declaration.ReturnType.WithoutTrivia(), SyntaxFactory.Identifier(Escape(name)))
            .WithModifiers(modifiers)
            .WithTypeParameterList(declaration.TypeParameterList?.WithoutTrivia())
            .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(parameters)).WithoutTrivia())
            .WithConstraintClauses(SyntaxFactory.List(declaration.ConstraintClauses.Select(clause => clause.WithoutTrivia())))
            .WithBody(body)
            .NormalizeWhitespace(eol: endOfLine.ToString())
            .WithLeadingTrivia(endOfLine)
            .WithTrailingTrivia(endOfLine)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Returns the file's first line break, so that the new method uses the same one.</summary>
    private static SyntaxTrivia EndOfLine(SyntaxNode root)
    {
        var existing = root.DescendantTrivia().FirstOrDefault(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia));
        return existing.IsKind(SyntaxKind.EndOfLineTrivia) ? existing : SyntaxFactory.EndOfLine("\n");
    }

    private static string Escape(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
