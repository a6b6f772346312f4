using System.Threading;
using Apie.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Apie.Generators.Parsing;

/// <summary>
/// Finds the calls of attributed methods that interceptors replace. The transform runs for every invocation in
/// each changed file, so it leaves as early as it can and returns only strings and numbers.
/// </summary>
internal static class CallSiteParser
{
    /// <summary>Cheap syntax test, run on every node of every changed file.</summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken)
        => node is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax or SimpleNameSyntax or MemberBindingExpressionSyntax,
        };

    /// <summary>Returns the call site, or null when the call does not reach an attributed method with a body.</summary>
    public static CallSiteModel? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        // Without the namespace listed, the compiler rejects every interceptor, so none is written and the analyzers name the property to set.
        var level = LanguageLevel.Of(context.SemanticModel.SyntaxTree.Options);
        if (!level.InterceptorsEnabled)
        {
            return null;
        }

        var invocation = (InvocationExpressionSyntax)context.Node;
        if (context.SemanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
        {
            return null;
        }

        var target = method.ReducedFrom ?? method;
        if (!Symbols.HasApieAttribute(target.OriginalDefinition) || Symbols.IsGeneratedPartial(target.OriginalDefinition))
        {
            return null;
        }

        var location = context.SemanticModel.GetInterceptableLocation(invocation, cancellationToken);
        if (location is null)
        {
            return null;
        }

        // A method from a referenced assembly has no declaration here for the method pipeline to find, so the
        // call site carries its model.
        var compilation = context.SemanticModel.Compilation;
        MethodModel? referenced = null;
        if (!SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, compilation.Assembly))
        {
            referenced = MethodParser.ParseReferenced(target.OriginalDefinition, compilation, level, cancellationToken);
            if (referenced is null)
            {
                return null;
            }
        }

        // The display location names the file only, so generated code does not depend on where the repository lives.
        var display = System.IO.Path.GetFileName(location.GetDisplayLocation());
        return new CallSiteModel(Symbols.KeyOf(method), location.Version, location.Data, display, referenced);
    }
}
