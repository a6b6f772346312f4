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

// Signatures: containing types, parameters and the implementation method, as generated code repeats them.
internal static partial class MethodParser
{
    private static List<ContainingTypeModel>? ContainingTypesOf(INamedTypeSymbol innermost, MarkingWay way, out string? notPartial)
    {
        notPartial = null;
        var types = new List<ContainingTypeModel>();
        for (var type = innermost; type is not null; type = type.ContainingType)
        {
            if (way == MarkingWay.PartialMethod && !IsPartial(type))
            {
                notPartial = type.Name;
                return null;
            }

            var keyword = type switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            types.Insert(0, new ContainingTypeModel(keyword, Symbols.Escape(type.Name) + GenericSignature.List(type.TypeParameters, withVariance: true)));
        }

        return types;
    }

    // An instance method of a struct works on the caller's variable: the interceptor takes it by reference, and
    // read-only when the member cannot change it.
    private static string ReceiverPrefixOf(IMethodSymbol method)
    {
        if (method.IsStatic || !method.ContainingType.IsValueType)
        {
            return "";
        }

        return method.IsReadOnly || method.ContainingType.IsReadOnly ? "in " : "ref ";
    }

    private static bool IsPartial(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is TypeDeclarationSyntax declaration
                && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns the declaration of the implementation method the generated body calls, or null when there is none.</summary>
    private static MethodDeclarationSyntax? FindImplementation(IMethodSymbol method, string name, CancellationToken cancellationToken)
    {
        foreach (var member in method.ContainingType.GetMembers(name))
        {
            if (member is not IMethodSymbol candidate
                || candidate.IsStatic != method.IsStatic
                || candidate.Arity != method.Arity
                || candidate.Parameters.Length != method.Parameters.Length)
            {
                continue;
            }

            // A generic implementation is compared with its type parameters replaced by the partial method's.
            var comparable = candidate.Arity == 0 ? candidate : candidate.Construct(method.TypeParameters.ToArray<ITypeSymbol>());
            if (SymbolEqualityComparer.Default.Equals(comparable.ReturnType, method.ReturnType)
                && comparable.Parameters.Zip(method.Parameters, SameParameter).All(same => same)
                && candidate.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration)
            {
                return declaration;
            }
        }

        return null;
    }

    private static bool SameParameter(IParameterSymbol left, IParameterSymbol right)
        => left.RefKind == right.RefKind && SymbolEqualityComparer.Default.Equals(left.Type, right.Type);

    private static ParameterModel ParameterOf(IParameterSymbol parameter, LanguageLevel level)
    {
        var prefix = new StringBuilder();
        if (parameter.Ordinal == 0 && ((IMethodSymbol)parameter.ContainingSymbol).IsExtensionMethod)
        {
            prefix.Append("this ");
        }

        if (parameter.IsParams)
        {
            prefix.Append("params ");
        }

        // A scoped parameter must stay scoped: the compiler rejects an interceptor or partial part that differs.
        if (parameter.ScopedKind != ScopedKind.None && !IsImplicitlyScoped(parameter))
        {
            prefix.Append("scoped ");
        }

        var (declared, argument) = parameter.RefKind switch
        {
            RefKind.Ref => ("ref ", "ref "),
            RefKind.Out => ("out ", "out "),
            RefKind.In => ("in ", "in "),
            RefKind.RefReadOnlyParameter => ("ref readonly ", "in "),
            _ => ("", ""),
        };
        prefix.Append(declared);

        return new ParameterModel(
            Symbols.Escape(parameter.Name),
            parameter.Type.ToDisplayString(level.TypeFormat),
            prefix.ToString(),
            argument);
    }

    // An out parameter is scoped without the keyword, and writing the keyword there would be redundant.
    private static bool IsImplicitlyScoped(IParameterSymbol parameter)
        => parameter.RefKind == RefKind.Out && parameter.ScopedKind == ScopedKind.ScopedRef;
}
