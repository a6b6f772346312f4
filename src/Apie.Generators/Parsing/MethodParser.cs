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

/// <summary>
/// Turns an attributed method into a <see cref="MethodModel"/>. Runs once per attributed method each time the
/// file that declares it changes, so it reads only that method's symbols and returns plain data.
/// </summary>
internal static partial class MethodParser
{
    /// <summary>Returns the model of the method, or null when the generator cannot wrap it.</summary>
    /// <remarks>
    /// The generator reports nothing itself: the analyzers report why a method is skipped.
    /// </remarks>
    public static MethodModel? Parse(GeneratorAttributeSyntaxContext context, WrapperKind kind, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method
            || context.TargetNode is not MethodDeclarationSyntax declaration
            || context.Attributes.Length == 0)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();

        var level = LanguageLevel.Of(context.SemanticModel.SyntaxTree.Options);
        return Build(method, declaration, context.Attributes[0], kind, context.SemanticModel.Compilation, level, cancellationToken).Model;
    }

    /// <summary>
    /// Returns the model of a method declared in a referenced assembly and called from this compilation: only the
    /// interceptor way applies, and what only syntax shows (modifiers, iterator bodies) is unknown.
    /// </summary>
    public static MethodModel? ParseReferenced(IMethodSymbol method, Compilation compilation, LanguageLevel level, CancellationToken cancellationToken)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (Symbols.KindOf(attribute) is { } kind)
            {
                return Build(method, declaration: null, attribute, kind, compilation, level, cancellationToken).Model;
            }
        }

        return null;
    }

    /// <summary>
    /// Builds the model of the method, or returns why it cannot be wrapped. Both are null for the definition part
    /// of a partial method whose implementation the user wrote: that part needs nothing.
    /// </summary>
    public static (MethodModel? Model, WrapProblem? Problem) Build(
        IMethodSymbol method,
        MethodDeclarationSyntax? declaration,
        AttributeData attribute,
        WrapperKind kind,
        Compilation compilation,
        LanguageLevel level,
        CancellationToken cancellationToken)
    {
        var way = declaration is not null && Symbols.IsGeneratedPartial(method) ? MarkingWay.PartialMethod : MarkingWay.Interceptor;

        // A method that the user wrote in two partial parts is seen once per part: keep the part with the body.
        // An implementation part that the generator wrote, as the analyzers see it in a build, does not count.
        if (method.IsPartialDefinition && method.PartialImplementationPart is not null && !Symbols.IsGeneratedPartial(method))
        {
            return (null, null);
        }

        if (SupportProblem(method, way, compilation) is { } unsupported)
        {
            return (null, unsupported);
        }

        var containingTypes = ContainingTypesOf(method.ContainingType, way, out var notPartial);
        if (containingTypes is null)
        {
            return (null, new WrapProblem(WrapProblemKind.NotPartialContainer, notPartial!));
        }

        string? implementation = null;
        var body = declaration;
        if (way == MarkingWay.PartialMethod)
        {
            implementation = NamedString(attribute, "Implementation") ?? method.Name + "Core";
            body = FindImplementation(method, implementation, cancellationToken);
            if (body is null)
            {
                return (null, new WrapProblem(WrapProblemKind.MissingImplementation, implementation));
            }
        }

        // NOTE: a referenced method's body is not visible, so an iterator from another assembly is wrapped as a value.
        var shape = ShapeOf(method, body is not null && IsIterator(body), compilation, out var resultType);
        if (shape is null)
        {
            var kindOfProblem = method.ReturnsVoid && method.IsAsync ? WrapProblemKind.AsyncVoid : WrapProblemKind.UnsupportedReturn;
            return (null, new WrapProblem(kindOfProblem, method.ReturnType.ToDisplayString()));
        }

        ISymbol accessibleFrom = way == MarkingWay.PartialMethod ? method.ContainingType : compilation.Assembly;
        var settings = ReadSettings(attribute, kind, method, shape.Value, resultType, accessibleFrom, compilation);
        var key = Symbols.KeyOf(method);
        var containingTypeName = method.ContainingType.ToDisplayString();
        var ns = method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString();

        var model = new MethodModel(
            Key: key,
            HintName: HintNameOf(containingTypeName, method.Name, key),
            Kind: kind,
            Way: way,
            Namespace: ns,
            ContainingTypes: containingTypes.ToEquatableArray(),
            ContainingTypeFullName: method.ContainingType.ToDisplayString(level.TypeFormat),
            MethodName: Symbols.Escape(method.Name),
            Modifiers: declaration is null ? "" : string.Join(" ", declaration.Modifiers.Select(m => m.Text)),
            IsStatic: method.IsStatic,
            ReceiverPrefix: ReceiverPrefixOf(method),
            TypeParameters: GenericSignature.List(method.TypeParameters),
            Constraints: GenericSignature.Constraints(method.TypeParameters, level),
            InterceptorTypeParameters: GenericSignature.List(GenericSignature.ForInterceptor(method)),
            InterceptorConstraints: GenericSignature.Constraints(GenericSignature.ForInterceptor(method), level),
            ReturnType: ReturnTypeOf(method, level),
            Shape: shape.Value,
            Parameters: method.Parameters.Select(parameter => ParameterOf(parameter, level)).ToEquatableArray(),
            ImplementationName: implementation is null ? null : Symbols.Escape(implementation),
            Level: level,
            UsesUnsafeAccessor: way == MarkingWay.Interceptor && !compilation.IsSymbolAccessibleWithin(method, compilation.Assembly),
            IsObsolete: method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.ObsoleteAttribute"),
            Settings: settings);
        return (model, null);
    }

    private static WrapProblem? SupportProblem(IMethodSymbol method, MarkingWay way, Compilation compilation)
    {
        if (method.MethodKind != MethodKind.Ordinary)
        {
            return new WrapProblem(WrapProblemKind.UnsupportedTarget, method.MethodKind.ToString());
        }

        // Generated code keeps the user's type parameter names, so a method type parameter that hides one of a
        // containing type cannot be written.
        if (!GenericSignature.HasDistinctNames(GenericSignature.ForInterceptor(method)))
        {
            return new WrapProblem(WrapProblemKind.HiddenTypeParameter, string.Join(", ", method.TypeParameters.Select(p => p.Name)));
        }

        // An interceptor is a static method elsewhere in the assembly, so it can reach only what the assembly can,
        // or a private or protected method through an UnsafeAccessor. Abstract and interface members are fine: the
        // interceptor's own call dispatches as the original would.
        if (way == MarkingWay.Interceptor
            && !compilation.IsSymbolAccessibleWithin(method, compilation.Assembly)
            && !CanUseUnsafeAccessor(method, compilation))
        {
            return new WrapProblem(WrapProblemKind.Inaccessible, SyntaxFacts.GetText(method.DeclaredAccessibility));
        }

        return null;
    }

    /// <summary>
    /// Whether an interceptor can reach the inaccessible method through <c>UnsafeAccessorAttribute</c> (.NET 8 and
    /// later): the signature must still be nameable from outside the type, and the accessor needs no generics.
    /// </summary>
    private static bool CanUseUnsafeAccessor(IMethodSymbol method, Compilation compilation)
    {
        if (compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.UnsafeAccessorAttribute") is null
            || method.IsAbstract
            || method.IsVirtual
            || method.IsOverride
            || method.IsExtensionMethod
            || GenericSignature.ForInterceptor(method).Count > 0
            || !compilation.IsSymbolAccessibleWithin(method.ContainingType, compilation.Assembly)
            || !compilation.IsSymbolAccessibleWithin(method.ReturnType, compilation.Assembly))
        {
            return false;
        }

        return method.Parameters.All(parameter => compilation.IsSymbolAccessibleWithin(parameter.Type, compilation.Assembly));
    }
}
