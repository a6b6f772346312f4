using System.Collections.Generic;
using System.Linq;
using Apie.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Apie.Generators.Parsing;

/// <summary>
/// The type parameters of a wrapped method as generated code must declare them: every type parameter of the
/// containing types, outermost first, then the method's own, each with its constraints kept exactly.
/// </summary>
internal static class GenericSignature
{
    /// <summary>
    /// Returns the type parameters an interceptor declares: the compiler accepts a generic interceptor only when
    /// its arity is the sum of the containing types' and the method's, in that order.
    /// </summary>
    public static IReadOnlyList<ITypeParameterSymbol> ForInterceptor(IMethodSymbol method)
    {
        var types = new List<INamedTypeSymbol>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            types.Insert(0, type);
        }

        return types.SelectMany(type => type.TypeParameters).Concat(method.TypeParameters).ToList();
    }

    /// <summary>Whether every name is distinct, so the merged list can keep the user's names.</summary>
    public static bool HasDistinctNames(IReadOnlyList<ITypeParameterSymbol> parameters)
        => parameters.Select(parameter => parameter.Name).Distinct().Count() == parameters.Count;

    /// <summary>Returns <c>&lt;T, U&gt;</c>, or an empty string for no type parameters.</summary>
    public static string List(IEnumerable<ITypeParameterSymbol> parameters, bool withVariance = false)
    {
        var names = parameters.Select(parameter => (withVariance ? VarianceOf(parameter) : "") + Symbols.Escape(parameter.Name)).ToList();
        return names.Count == 0 ? "" : "<" + string.Join(", ", names) + ">";
    }

    /// <summary>Returns the <c>where</c> clauses of the parameters that have constraints, separated by spaces.</summary>
    public static string Constraints(IEnumerable<ITypeParameterSymbol> parameters, LanguageLevel level)
        => string.Join(" ", parameters.Select(parameter => Clause(parameter, level)).Where(clause => clause is not null));

    private static string? Clause(ITypeParameterSymbol parameter, LanguageLevel level)
    {
        var parts = new List<string>();

        // The primary constraint comes first: unmanaged implies struct, so it is tested before it.
        if (parameter.HasReferenceTypeConstraint)
        {
            var annotated = level.NullableSyntax && parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated;
            parts.Add(annotated ? "class?" : "class");
        }
        else if (parameter.HasUnmanagedTypeConstraint)
        {
            parts.Add("unmanaged");
        }
        else if (parameter.HasValueTypeConstraint)
        {
            parts.Add("struct");
        }
        else if (parameter.HasNotNullConstraint)
        {
            parts.Add("notnull");
        }

        parts.AddRange(parameter.ConstraintTypes.Select(type => type.ToDisplayString(level.TypeFormat)));

        if (parameter.HasConstructorConstraint)
        {
            parts.Add("new()");
        }

        if (parameter.AllowsRefLikeType)
        {
            parts.Add("allows ref struct");
        }

        return parts.Count == 0 ? null : $"where {Symbols.Escape(parameter.Name)} : {string.Join(", ", parts)}";
    }

    private static string VarianceOf(ITypeParameterSymbol parameter) => parameter.Variance switch
    {
        VarianceKind.In => "in ",
        VarianceKind.Out => "out ",
        _ => "",
    };
}
