using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Apie.Generators.Model;
using Apie.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Apie.Generators.Parsing;

// Return shapes: what a method returns decides when its record completes.
internal static partial class MethodParser
{
    // An iterator's work runs during the enumeration, after the call returns.
    private static bool IsIterator(MethodDeclarationSyntax declaration)
        => declaration
            .DescendantNodes(static node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<YieldStatementSyntax>()
            .Any();

    private static string ReturnTypeOf(IMethodSymbol method, LanguageLevel level)
    {
        if (method.ReturnsVoid)
        {
            return "void";
        }

        var type = method.ReturnType.ToDisplayString(level.TypeFormat);
        if (method.ReturnsByRefReadonly)
        {
            return "ref readonly " + type;
        }

        return method.ReturnsByRef ? "ref " + type : type;
    }

    private static ReturnShape? ShapeOf(IMethodSymbol method, bool isIterator, Compilation compilation, out ITypeSymbol? resultType)
    {
        resultType = null;
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            resultType = method.ReturnType;
            return ReturnShape.RefValue;
        }

        if (method.ReturnsVoid)
        {
            // An async void method cannot be awaited, so its run could not end when its work ends.
            return method.IsAsync ? null : ReturnShape.Void;
        }

        var returnType = method.ReturnType;
        var definition = returnType.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(definition, compilation.GetTypeByMetadataName("System.Threading.Tasks.Task")))
        {
            return ReturnShape.Task;
        }

        if (SymbolEqualityComparer.Default.Equals(definition, compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask")))
        {
            return ReturnShape.ValueTask;
        }

        if (returnType is INamedTypeSymbol { TypeArguments.Length: 1 } generic)
        {
            if (SymbolEqualityComparer.Default.Equals(definition, compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1")))
            {
                resultType = generic.TypeArguments[0];
                return ReturnShape.TaskOfT;
            }

            if (SymbolEqualityComparer.Default.Equals(definition, compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1")))
            {
                resultType = generic.TypeArguments[0];
                return ReturnShape.ValueTaskOfT;
            }

            // A stream's work happens while it is enumerated. Any method returning IAsyncEnumerable<T> is a
            // stream; a method returning IEnumerable<T> is one only when it is an iterator, since otherwise
            // its result is usually computed already.
            if (SymbolEqualityComparer.Default.Equals(definition, compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1")))
            {
                resultType = generic.TypeArguments[0];
                return ReturnShape.AsyncEnumerable;
            }

            if (isIterator && definition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                resultType = generic.TypeArguments[0];
                return ReturnShape.Enumerable;
            }
        }

        // NOTE: iterators returning IEnumerator<T> or a non-generic interface, and async enumerators, are not wrapped yet.
        if (returnType.IsRefLikeType || isIterator || definition.ToDisplayString() == "System.Collections.Generic.IAsyncEnumerator<T>")
        {
            return null;
        }

        // A custom task-like type ends its work after the call returns, and nothing generic can await it.
        if (method.IsAsync || IsTaskLike(returnType))
        {
            return null;
        }

        resultType = returnType;
        return ReturnShape.Value;
    }

    private static bool IsTaskLike(ITypeSymbol type)
        => type.GetAttributes().Any(attribute => attribute.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.AsyncMethodBuilderAttribute");
}
