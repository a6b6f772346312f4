using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Apie.Generators.Parsing;

/// <summary>
/// Turns a parsed summary template into one C# expression of type <c>string</c>, so that the generated code
/// formats the summary with plain member access and no reflection.
/// </summary>
internal static class TemplateCompiler
{
    /// <summary>The local that contains the return value where an output summary is rendered.</summary>
    public const string ResultLocal = "__apieResult";

    /// <summary>
    /// Compiles <paramref name="template"/> against the method's parameters and, when <paramref name="resultType"/>
    /// is given, its result. A placeholder that names nothing renders as empty text.
    /// </summary>
    /// <param name="accessibleFrom">The type from which the generated code reads members.</param>
    /// <returns>
    /// The expression; whether it reads the result; and whether it calls member getters, which can throw.
    /// </returns>
    public static (string Expression, bool UsesResult, bool CanThrow) Compile(
        string template,
        IMethodSymbol method,
        ITypeSymbol? resultType,
        ISymbol accessibleFrom,
        Compilation compilation)
    {
        var (parts, _) = Template.Parse(template);
        var pieces = new List<string>();
        var usesResult = false;
        var canThrow = false;

        foreach (var part in parts)
        {
            if (part.Path is null)
            {
                pieces.Add(SymbolDisplay.FormatLiteral(part.Text, quote: true));
                continue;
            }

            var root = part.Path[0].TrimStart('@');
            string receiver;
            ITypeSymbol? receiverType;

            var parameter = method.Parameters.FirstOrDefault(p => p.Name == root);
            if (parameter is not null && parameter.RefKind != RefKind.Out)
            {
                receiver = Symbols.Escape(parameter.Name);
                receiverType = parameter.Type;
            }
            else if (root == "result" && resultType is not null)
            {
                receiver = ResultLocal;
                receiverType = resultType;
                usesResult = true;
            }
            else
            {
                // NOTE: an unknown placeholder renders as empty text, and no diagnostic reports it yet.
                continue;
            }

            var expression = CompilePath(receiver, receiverType, part.Path, accessibleFrom, compilation);
            if (expression is not null)
            {
                canThrow |= part.Path.Count > 1;
                pieces.Add($"global::Apie.ApieGenerated.Format({expression})");
            }
        }

        return (Concatenate(pieces), usesResult, canThrow);
    }

    /// <summary>
    /// Returns each placeholder that would render as empty text because it names nothing, with the reason. The
    /// analyzers report these; the compiled expression skips them.
    /// </summary>
    public static List<(TemplatePart Part, string Reason)> UnresolvedPlaceholders(
        string template,
        bool isOutput,
        IMethodSymbol method,
        ITypeSymbol? resultType,
        ISymbol accessibleFrom,
        Compilation compilation)
    {
        var problems = new List<(TemplatePart, string)>();
        foreach (var part in Template.Parse(template).Parts)
        {
            if (part.Path is null)
            {
                continue;
            }

            var root = part.Path[0].TrimStart('@');
            var parameter = method.Parameters.FirstOrDefault(p => p.Name == root);
            ITypeSymbol? type;
            if (parameter is not null && parameter.RefKind != RefKind.Out)
            {
                type = parameter.Type;
            }
            else if (root == "result" && resultType is not null)
            {
                type = resultType;
            }
            else
            {
                problems.Add((part, ReasonForRoot(root, parameter, method, isOutput)));
                continue;
            }

            for (var i = 1; i < part.Path.Count; i++)
            {
                var member = FindMember(type, part.Path[i].TrimStart('@'), accessibleFrom, compilation);
                if (member is null)
                {
                    problems.Add((part, $"'{type.ToDisplayString()}' has no readable instance property or field '{part.Path[i]}'"));
                    break;
                }

                type = member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type;
            }
        }

        return problems;
    }

    private static string ReasonForRoot(string root, IParameterSymbol? parameter, IMethodSymbol method, bool isOutput)
    {
        if (parameter is not null)
        {
            return $"'{root}' is an out parameter, which templates do not read";
        }

        if (root == "result")
        {
            return isOutput ? "the method returns no value" : "'result' exists only in OutputSummary, after the method returns";
        }

        return $"'{root}' is not a parameter of '{method.Name}'";
    }

    private static string? CompilePath(
        string receiver,
        ITypeSymbol receiverType,
        IReadOnlyList<string> path,
        ISymbol accessibleFrom,
        Compilation compilation)
    {
        var code = new StringBuilder(receiver);
        var type = receiverType;

        for (var i = 1; i < path.Count; i++)
        {
            var member = FindMember(type, path[i].TrimStart('@'), accessibleFrom, compilation);
            if (member is null)
            {
                return null;
            }

            // A step after a value that can be null short-circuits, so a null renders as empty text. The root
            // parameter is not null-tested when its type is not nullable, because the test would make the compiler
            // warn when the same parameter is passed on to the user's method.
            var nullTested = CanBeNull(type) && !(i == 1 && type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.NotAnnotated);
            code.Append(nullTested ? "?." : ".");
            code.Append(Symbols.Escape(member.Name));
            type = member switch
            {
                IPropertySymbol property => property.Type,
                IFieldSymbol field => field.Type,
                _ => type,
            };
        }

        return code.ToString();
    }

    private static ISymbol? FindMember(ITypeSymbol type, string name, ISymbol accessibleFrom, Compilation compilation)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        foreach (var candidate in AllTypesOf(type))
        {
            foreach (var member in candidate.GetMembers(name))
            {
                var readable = member switch
                {
                    IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: not null } property =>
                        compilation.IsSymbolAccessibleWithin(property.GetMethod, accessibleFrom),
                    IFieldSymbol { IsStatic: false } field => compilation.IsSymbolAccessibleWithin(field, accessibleFrom),
                    _ => false,
                };

                if (readable)
                {
                    return member;
                }
            }
        }

        return null;
    }

    private static IEnumerable<ITypeSymbol> AllTypesOf(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            yield return current;
        }

        if (type is ITypeParameterSymbol parameter)
        {
            // A type parameter has the members of its constraint types.
            foreach (var constraint in parameter.ConstraintTypes)
            {
                foreach (var inherited in AllTypesOf(constraint))
                {
                    yield return inherited;
                }
            }
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                yield return implemented;
            }
        }
    }

    private static bool CanBeNull(ITypeSymbol type)
        => type.IsReferenceType
           || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;

    private static string Concatenate(List<string> pieces)
    {
        return pieces.Count switch
        {
            0 => "\"\"",
            1 => pieces[0],
            _ => "string.Concat(" + string.Join(", ", pieces) + ")",
        };
    }
}
