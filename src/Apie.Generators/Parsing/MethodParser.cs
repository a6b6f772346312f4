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
internal static class MethodParser
{
    /// <summary>Returns the model of the method, or null when the generator cannot wrap it.</summary>
    /// <remarks>
    /// The generator reports nothing itself. NOTE: no analyzer reports a skipped method yet, so its calls run untraced.
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
            var name = attribute.AttributeClass?.ToDisplayString();
            if (name == Symbols.RunAttributeName || name == Symbols.SessionAttributeName)
            {
                var kind = name == Symbols.RunAttributeName ? WrapperKind.Run : WrapperKind.Session;
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
        if (method.IsPartialDefinition && method.PartialImplementationPart is not null)
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
        var settings = ReadSettings(attribute, kind, method, resultType, accessibleFrom, compilation);
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
            return new WrapProblem(WrapProblemKind.Inaccessible, method.DeclaredAccessibility.ToString().ToLowerInvariant());
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

        var prefix = method.ReturnsByRefReadonly ? "ref readonly " : method.ReturnsByRef ? "ref " : "";
        return prefix + method.ReturnType.ToDisplayString(level.TypeFormat);
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

        resultType = returnType;
        return ReturnShape.Value;
    }

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

    private static WrapperSettings ReadSettings(
        AttributeData attribute,
        WrapperKind kind,
        IMethodSymbol method,
        ITypeSymbol? resultType,
        ISymbol accessibleFrom,
        Compilation compilation)
    {
        var inputTemplate = NamedString(attribute, "InputSummary")
                            ?? (attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null);
        var input = SymbolDisplay.FormatLiteral(method.ContainingType.Name + "." + method.Name, quote: true);
        var inputCanThrow = false;
        if (inputTemplate is not null)
        {
            (input, _, inputCanThrow) = TemplateCompiler.Compile(inputTemplate, method, resultType: null, accessibleFrom, compilation);
        }

        string? output = null;
        var outputUsesResult = false;
        var outputCanThrow = false;
        var outputTemplate = NamedString(attribute, "OutputSummary");
        if (outputTemplate is not null)
        {
            (output, outputUsesResult, outputCanThrow) = TemplateCompiler.Compile(outputTemplate, method, resultType, accessibleFrom, compilation);
        }

        string? sessionKind = null;
        if (kind == WrapperKind.Session)
        {
            var value = NamedArgument(attribute, "Kind")?.Value is int number ? number : 0;
            sessionKind = value switch
            {
                0 => "global::Apie.SessionKind.SingleAgent",
                1 => "global::Apie.SessionKind.MultiAgent",
                2 => "global::Apie.SessionKind.Pipeline",
                _ => $"(global::Apie.SessionKind){value}",
            };
        }

        return new WrapperSettings(
            InputSummary: input,
            OutputSummary: output,
            OutputUsesResult: outputUsesResult,
            InputCanThrow: inputCanThrow,
            OutputCanThrow: outputCanThrow,
            SessionKind: sessionKind,
            Role: NamedString(attribute, "Role"),
            StepKey: NamedString(attribute, "StepKey"),
            StepName: NamedString(attribute, "StepName"),
            StepIndex: NamedArgument(attribute, "StepIndex")?.Value is int index ? index : -1,
            Environment: NamedString(attribute, "Environment"));
    }

    private static string? NamedString(AttributeData attribute, string name)
        => NamedArgument(attribute, name)?.Value as string;

    private static TypedConstant? NamedArgument(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static string HintNameOf(string containingTypeName, string methodName, string key)
    {
        var safe = new StringBuilder();
        foreach (var c in containingTypeName + "." + methodName)
        {
            safe.Append(char.IsLetterOrDigit(c) || c == '.' || c == '_' ? c : '_');
        }

        // The key separates overloads, and FNV-1a keeps the name the same from one build to the next.
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return $"{safe}.{hash:x8}.g.cs";
    }
}
