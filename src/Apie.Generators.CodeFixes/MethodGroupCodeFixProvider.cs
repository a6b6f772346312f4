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
using Microsoft.CodeAnalysis.Operations;

namespace Apie.Generators.CodeFixes;

/// <summary>
/// Fixes APIE0009 by replacing a method group of an attributed method with a lambda that calls the method, such as
/// <c>list.ForEach(Log)</c> to <c>list.ForEach(message =&gt; Log(message))</c>. The call inside the lambda is an
/// ordinary call site, which the generated interceptor wraps.
/// </summary>
/// <remarks>
/// The lambda evaluates the receiver of the method group at each call, where the method group evaluated it once.
/// The fix is offered only when the receiver is <c>this</c>, <c>base</c>, a type, or a chain of local, parameter,
/// field and property names. NOTE: a local or field assigned again after the delegate was created makes later
/// calls reach the new value.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MethodGroupCodeFixProvider))]
[Shared]
public sealed class MethodGroupCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "Apie.MethodGroupToLambda";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UntracedReference);

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
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax methodGroup)
            {
                continue;
            }

            var lambda = LambdaFor(methodGroup, model, context.CancellationToken);
            if (lambda is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Call the method in a lambda",
                    cancellationToken => ReplaceAsync(context.Document, methodGroup, lambda, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax methodGroup, ExpressionSyntax lambda, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNode(methodGroup, lambda));
    }

    /// <summary>Returns the lambda that replaces the method group, or null when the fix does not apply.</summary>
    private static ExpressionSyntax? LambdaFor(ExpressionSyntax methodGroup, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetOperation(methodGroup, cancellationToken) is not IMethodReferenceOperation reference
            || reference.Parent is not IDelegateCreationOperation { Type: INamedTypeSymbol { DelegateInvokeMethod: { } invoke } } creation
            || !HasStableReceiver(methodGroup, model, cancellationToken))
        {
            return null;
        }

        var parameters = invoke.Parameters;
        var explicitTypes = parameters.Any(p => p.RefKind != RefKind.None) || NeedsExplicitTypes(methodGroup, creation);
        if (explicitTypes && parameters.Any(p => ContainsAnonymousType(p.Type)))
        {
            return null;
        }

        var names = ParameterNames(reference.Method, invoke, methodGroup, model);
        var lambdaParameters = new List<ParameterSyntax>();
        var arguments = new List<ArgumentSyntax>();
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(names[i]));
            if (explicitTypes)
            {
                var type = SyntaxFactory.ParseTypeName(parameters[i].Type.ToMinimalDisplayString(model, methodGroup.SpanStart));
                parameter = parameter.WithType(type).WithModifiers(ModifiersOf(parameters[i].RefKind));
            }

            lambdaParameters.Add(parameter);
            arguments.Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(names[i])).WithRefKindKeyword(ArgumentKeywordOf(parameters[i].RefKind)));
        }

        var call = SyntaxFactory.InvocationExpression(
            methodGroup.WithoutTrivia(),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));

        ExpressionSyntax lambda = lambdaParameters.Count == 1 && !explicitTypes
            ? SyntaxFactory.SimpleLambdaExpression(lambdaParameters[0], call)
            : SyntaxFactory.ParenthesizedLambdaExpression(SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(lambdaParameters)), call);

        return lambda.NormalizeWhitespace().WithTriviaFrom(methodGroup);
    }

    /// <summary>
    /// Whether a lambda without parameter types would fail to convert in the method group's position: a
    /// <c>var</c> declaration, or a conversion of the method group's natural delegate type to another type, such
    /// as <c>Delegate</c> or <c>object</c>.
    /// </summary>
    private static bool NeedsExplicitTypes(ExpressionSyntax methodGroup, IDelegateCreationOperation creation)
    {
        if (creation.Parent is IConversionOperation)
        {
            return true;
        }

        return methodGroup.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: true } } };
    }

    /// <summary>
    /// Whether evaluating the method group's receiver at each call has no effects beyond reading names: the
    /// receiver is missing, <c>this</c>, <c>base</c>, a namespace or type, or a chain of locals, parameters,
    /// fields and properties.
    /// </summary>
    private static bool HasStableReceiver(ExpressionSyntax methodGroup, SemanticModel model, CancellationToken cancellationToken)
    {
        var receiver = methodGroup switch
        {
            SimpleNameSyntax => null,
            MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => access.Expression,
            _ => methodGroup,
        };

        while (receiver is not null)
        {
            switch (receiver)
            {
                case ThisExpressionSyntax or BaseExpressionSyntax or PredefinedTypeSyntax:
                    return true;
                case MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access when IsStableName(access, model, cancellationToken):
                    receiver = access.Expression;
                    break;
                case SimpleNameSyntax name:
                    return IsStableName(name, model, cancellationToken);
                case AliasQualifiedNameSyntax or QualifiedNameSyntax:
                    return model.GetSymbolInfo(receiver, cancellationToken).Symbol is INamespaceOrTypeSymbol;
                default:
                    return false;
            }
        }

        return true;
    }

    private static bool ContainsAnonymousType(ITypeSymbol type) => type switch
    {
        { IsAnonymousType: true } => true,
        IArrayTypeSymbol array => ContainsAnonymousType(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsAnonymousType),
        _ => false,
    };

    private static bool IsStableName(ExpressionSyntax name, SemanticModel model, CancellationToken cancellationToken)
        => model.GetSymbolInfo(name, cancellationToken).Symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol or INamespaceOrTypeSymbol;

    /// <summary>
    /// Returns a name for each lambda parameter: the called method's parameter name, or the delegate's, made unique
    /// against the locals and parameters in scope and the names inside the method group expression.
    /// </summary>
    private static List<string> ParameterNames(IMethodSymbol method, IMethodSymbol invoke, ExpressionSyntax methodGroup, SemanticModel model)
    {
        var usedNames = new HashSet<string>(methodGroup.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        foreach (var symbol in model.LookupSymbols(methodGroup.SpanStart))
        {
            if (symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol)
            {
                usedNames.Add(symbol.Name);
            }
        }

        // An extension method referenced through its receiver has one parameter more than the delegate.
        var offset = method.Parameters.Length - invoke.Parameters.Length;
        var names = new List<string>();
        for (var i = 0; i < invoke.Parameters.Length; i++)
        {
            var preferred = offset >= 0 ? method.Parameters[i + offset].Name : invoke.Parameters[i].Name;
            var name = preferred;
            for (var suffix = 2; usedNames.Contains(name) || name == "_"; suffix++)
            {
                name = preferred + suffix;
            }

            usedNames.Add(name);
            names.Add(Escape(name));
        }

        return names;
    }

    private static string Escape(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static SyntaxTokenList ModifiersOf(RefKind refKind) => refKind switch
    {
        RefKind.Ref => SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.RefKeyword)),
        RefKind.Out => SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.OutKeyword)),
        RefKind.In => SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.InKeyword)),
        RefKind.RefReadOnlyParameter => SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.RefKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)),
        _ => default,
    };

    private static SyntaxToken ArgumentKeywordOf(RefKind refKind) => refKind switch
    {
        RefKind.Ref => SyntaxFactory.Token(SyntaxKind.RefKeyword),
        RefKind.Out => SyntaxFactory.Token(SyntaxKind.OutKeyword),
        RefKind.In or RefKind.RefReadOnlyParameter => SyntaxFactory.Token(SyntaxKind.InKeyword),
        _ => default,
    };
}
