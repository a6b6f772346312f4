using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Apie.Generators.Model;
using Apie.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Apie.Generators.Analyzers;

/// <summary>
/// Reports uses of attributed methods that the interceptor way does not trace. These are method groups, calls in
/// expression trees or bound at run time, and calls in a project that does not enable the generated
/// interceptors. It also reports calls through an interface or base member whose implementation has the attribute.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class CallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UntracedReference,
        DiagnosticDescriptors.InterfaceCallUntraced,
        DiagnosticDescriptors.InterceptionUnreachable);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // Built on the first call of an interface or virtual member, then shared by the whole compilation.
            var implementations = new Lazy<Dictionary<IMethodSymbol, IMethodSymbol>>(
                () => AttributedImplementations(start.Compilation, start.CancellationToken),
                LazyThreadSafetyMode.ExecutionAndPublication);

            start.RegisterOperationAction(AnalyzeReference, OperationKind.MethodReference);
            start.RegisterOperationAction(AnalyzeDynamicCall, OperationKind.DynamicInvocation);
            start.RegisterOperationAction(operation => AnalyzeCall(operation, implementations), OperationKind.Invocation);
        });
    }

    private static void AnalyzeReference(OperationAnalysisContext context)
    {
        var method = ((IMethodReferenceOperation)context.Operation).Method;
        if (IsInterceptorWay(method))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UntracedReference, context.Operation.Syntax.GetLocation(), method.Name));
        }
    }

    private static void AnalyzeDynamicCall(OperationAnalysisContext context)
    {
        // One candidate comes back as the symbol itself, several as candidates.
        var info = context.Operation.SemanticModel?.GetSymbolInfo(context.Operation.Syntax, context.CancellationToken) ?? default;
        var candidates = info.Symbol is null ? info.CandidateSymbols : ImmutableArray.Create(info.Symbol);
        var attributed = candidates.OfType<IMethodSymbol>().FirstOrDefault(IsInterceptorWay);
        if (attributed is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.InterceptionUnreachable,
                context.Operation.Syntax.GetLocation(),
                attributed.Name,
                "a dynamic argument makes it bind at run time, where the compiler cannot intercept it; cast the argument to its static type"));
        }
    }

    private static void AnalyzeCall(OperationAnalysisContext context, Lazy<Dictionary<IMethodSymbol, IMethodSymbol>> implementations)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;

        if (IsInterceptorWay(method))
        {
            var reason = UnreachableReason(invocation);
            if (reason is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InterceptionUnreachable, invocation.Syntax.GetLocation(), method.Name, reason));
            }

            return;
        }

        // The lookup keeps the containing type's type arguments, so IStore<string> never matches IStore<int>.
        var called = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).ConstructedFrom;
        var dispatches = method.ContainingType.TypeKind == TypeKind.Interface || method.IsVirtual || method.IsAbstract || method.IsOverride;
        if (dispatches && MethodAnalyzer.ApieAttributes(method).Count == 0 && implementations.Value.TryGetValue(called, out var implementation))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.InterfaceCallUntraced,
                invocation.Syntax.GetLocation(),
                method.ContainingType.Name + "." + method.Name,
                implementation.ContainingType.Name + "." + implementation.Name));
        }
    }

    private static string? UnreachableReason(IInvocationOperation invocation)
    {
        if (!LanguageLevel.Of(invocation.Syntax.SyntaxTree.Options).InterceptorsEnabled)
        {
            return $"the project does not list {LanguageLevel.InterceptorsNamespace} in InterceptorsNamespaces; add <InterceptorsNamespaces>$(InterceptorsNamespaces);{LanguageLevel.InterceptorsNamespace}</InterceptorsNamespaces> to the project, or import Apie.targets";
        }

        for (var parent = invocation.Parent; parent is not null; parent = parent.Parent)
        {
            // A lambda converted to Expression<T> is a conversion, not a delegate creation.
            if (parent is IAnonymousFunctionOperation && parent.Parent?.Type is INamedTypeSymbol created && IsExpressionType(created))
            {
                return "it is inside an expression tree, which describes the call instead of making it; call the method outside the expression";
            }
        }

        return null;
    }

    private static bool IsExpressionType(INamedTypeSymbol type)
        => type.OriginalDefinition.ToDisplayString() == "System.Linq.Expressions.Expression<TDelegate>";

    /// <summary>Whether calls of the method are traced only where the compiler intercepts them.</summary>
    private static bool IsInterceptorWay(IMethodSymbol method)
        => method.MethodKind == MethodKind.Ordinary
           && MethodAnalyzer.ApieAttributes(method.OriginalDefinition).Count > 0
           && !Symbols.IsGeneratedPartial(method.OriginalDefinition);

    /// <summary>
    /// Maps each interface or base member without an Apie attribute to an attributed method of this compilation
    /// that implements or overrides it.
    /// </summary>
    private static Dictionary<IMethodSymbol, IMethodSymbol> AttributedImplementations(Compilation compilation, CancellationToken cancellationToken)
    {
        var map = new Dictionary<IMethodSymbol, IMethodSymbol>(SymbolEqualityComparer.Default);
        var types = new Stack<INamespaceOrTypeSymbol>();
        types.Push(compilation.Assembly.GlobalNamespace);

        while (types.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var member in types.Pop().GetMembers())
            {
                if (member is INamespaceOrTypeSymbol container)
                {
                    types.Push(container);
                }

                // A generated partial body records every call, whichever member the caller went through.
                if (member is IMethodSymbol method && MethodAnalyzer.ApieAttributes(method).Count > 0 && !Symbols.IsGeneratedPartial(method))
                {
                    foreach (var implemented in Implemented(method).Where(m => MethodAnalyzer.ApieAttributes(m).Count == 0))
                    {
                        map[implemented] = method;
                    }
                }
            }
        }

        return map;
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
}
