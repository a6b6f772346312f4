using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Apie.Generators.Model;
using Apie.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Apie.Generators.Analyzers;

/// <summary>
/// Reports what is wrong with an attributed method itself: a member the generator cannot wrap, a partial method
/// it cannot complete, and summary templates that render less than they show. Runs once per method symbol, and
/// returns at once for methods without an Apie attribute.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class MethodAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] s_secretWords =
    {
        "password", "passwd", "secret", "token", "apikey", "api_key", "credential", "privatekey", "private_key", "authorization",
    };

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnsupportedTarget,
        DiagnosticDescriptors.AsyncVoid,
        DiagnosticDescriptors.MalformedTemplate,
        DiagnosticDescriptors.UnknownPlaceholder,
        DiagnosticDescriptors.ResultWithoutValue,
        DiagnosticDescriptors.MissingImplementation,
        DiagnosticDescriptors.NotPartialContainer,
        DiagnosticDescriptors.ConflictingAttributes,
        DiagnosticDescriptors.Unwrappable,
        DiagnosticDescriptors.SecretInTemplate,
        DiagnosticDescriptors.UndescribedRiskyTool,
        DiagnosticDescriptors.MissingName);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(AnalyzeMethod, SymbolKind.Method);

        // Local functions and lambdas are not member symbols, so they are found through their syntax. An attribute
        // needs an attribute list, so the syntax alone rules out nearly every one without binding it.
        context.RegisterSyntaxNodeAction(
            AnalyzeFunction,
            SyntaxKind.LocalFunctionStatement,
            SyntaxKind.ParenthesizedLambdaExpression,
            SyntaxKind.SimpleLambdaExpression);
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context)
    {
        var method = (IMethodSymbol)context.Symbol;
        var attributes = ApieAttributes(method);
        if (attributes.Count == 0)
        {
            return;
        }

        var attribute = attributes[0];
        var location = LocationOf(attribute, method);
        if (attributes.Count > 1)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ConflictingAttributes, location, method.Name, ShortName(attributes[0]), ShortName(attributes[1])));
        }

        if (method.MethodKind != MethodKind.Ordinary)
        {
            ReportTarget(context.ReportDiagnostic, method, location);
            return;
        }

        var declaration = method.DeclaringSyntaxReferences
            .Select(reference => reference.GetSyntax(context.CancellationToken))
            .OfType<MethodDeclarationSyntax>()
            .FirstOrDefault();
        if (declaration is null)
        {
            return;
        }

        var kind = Symbols.KindOf(attribute)!.Value;
        if (kind == WrapperKind.Tool)
        {
            AnalyzeTool(context, method, attribute, location);
        }
        else if (kind == WrapperKind.WorkflowStep && string.IsNullOrWhiteSpace(attribute.ConstructorArguments.FirstOrDefault().Value as string))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingName, location, method.Name, "[ApieWorkflowStep]", "a step key", "\"triage\""));
        }

        var level = LanguageLevel.Of(declaration.SyntaxTree.Options);
        var (model, problem) = MethodParser.Build(method, declaration, attribute, kind, context.Compilation, level, context.CancellationToken);
        if (problem is not null)
        {
            ReportProblem(context.ReportDiagnostic, method, problem, location);
            return;
        }

        if (model is not null)
        {
            AnalyzeTemplates(context, method, attribute, kind, model.Way, model.Shape);
        }
    }

    /// <summary>
    /// A tool needs a name, and a high or critical tool needs what guardrails judge it by: without any of its
    /// action type, resource type and environment, it is only <c>execute</c> on <c>unknown</c>.
    /// </summary>
    private static void AnalyzeTool(SymbolAnalysisContext context, IMethodSymbol method, AttributeData attribute, Location location)
    {
        var name = attribute.ConstructorArguments.FirstOrDefault().Value as string;
        if (string.IsNullOrWhiteSpace(name))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingName, location, method.Name, "[ApieTool]", "a tool name", "\"kb.search\""));
        }

        var risk = attribute.NamedArguments.FirstOrDefault(argument => argument.Key == "RiskLevel").Value.Value as int? ?? 0;
        var described = attribute.NamedArguments.Any(argument =>
            argument.Key is "ActionType" or "ResourceType" or "Environment" && !string.IsNullOrWhiteSpace(argument.Value.Value as string));
        if (risk >= 3 && !described)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UndescribedRiskyTool, location, name ?? method.Name, method.Name, risk == 3 ? "High" : "Critical"));
        }
    }

    private static string ShortName(AttributeData attribute)
    {
        var name = attribute.AttributeClass!.Name;
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    private static void AnalyzeFunction(SyntaxNodeAnalysisContext context)
    {
        var function = context.Node switch
        {
            LocalFunctionStatementSyntax { AttributeLists.Count: > 0 } local
                => context.SemanticModel.GetDeclaredSymbol(local, context.CancellationToken) as IMethodSymbol,
            LambdaExpressionSyntax { AttributeLists.Count: > 0 } lambda
                => context.SemanticModel.GetSymbolInfo(lambda, context.CancellationToken).Symbol as IMethodSymbol,
            _ => null,
        };

        var attributes = function is null ? new List<AttributeData>() : ApieAttributes(function);
        if (attributes.Count > 0)
        {
            ReportTarget(context.ReportDiagnostic, function!, LocationOf(attributes[0], function!));
        }
    }

    private static void ReportTarget(Action<Diagnostic> report, IMethodSymbol method, Location location)
    {
        var (what, advice) = method.MethodKind switch
        {
            MethodKind.LocalFunction => ("a local function", ", and call it from there"),
            MethodKind.AnonymousFunction => ("a lambda", ", and call it from the lambda"),
            MethodKind.PropertyGet or MethodKind.PropertySet => ("a property accessor", ""),
            MethodKind.EventAdd or MethodKind.EventRemove => ("an event accessor", ""),
            MethodKind.UserDefinedOperator or MethodKind.Conversion => ("an operator", ""),
            MethodKind.ExplicitInterfaceImplementation => ("an explicit interface implementation", ", such as the interface member"),
            MethodKind.Destructor => ("a finalizer", ""),
            _ => ("a " + method.MethodKind.ToString().ToLowerInvariant(), ""),
        };
        var name = method.Name.Length == 0 ? "lambda" : method.Name;
        report(Diagnostic.Create(DiagnosticDescriptors.UnsupportedTarget, location, name, what, advice));
    }

    private static void ReportProblem(Action<Diagnostic> report, IMethodSymbol method, WrapProblem problem, Location location)
    {
        var diagnostic = problem.Kind switch
        {
            WrapProblemKind.AsyncVoid => Diagnostic.Create(DiagnosticDescriptors.AsyncVoid, location, method.Name),
            WrapProblemKind.MissingImplementation => Diagnostic.Create(DiagnosticDescriptors.MissingImplementation, location, method.Name, problem.Detail),
            WrapProblemKind.NotPartialContainer => Diagnostic.Create(DiagnosticDescriptors.NotPartialContainer, location, method.Name, problem.Detail),
            WrapProblemKind.UnsupportedTarget => null,
            _ => Diagnostic.Create(DiagnosticDescriptors.Unwrappable, location, method.Name, Reason(problem)),
        };

        if (diagnostic is not null)
        {
            report(diagnostic);
        }
    }

    private static string Reason(WrapProblem problem) => problem.Kind switch
    {
        WrapProblemKind.HiddenTypeParameter =>
            $"a type parameter ({problem.Detail}) has the name of a containing type's type parameter; rename it",
        WrapProblemKind.Inaccessible =>
            $"it is {problem.Detail}, and an interceptor reaches such a method only through UnsafeAccessor (.NET 8 and later) when it is not virtual, generic or an extension; make it internal, or declare it partial without a body",
        _ =>
            $"its return type {problem.Detail} has no end the wrapper can observe; return Task, ValueTask, IAsyncEnumerable<T> or a value, or declare it without the attribute",
    };

    private static void AnalyzeTemplates(SymbolAnalysisContext context, IMethodSymbol method, AttributeData attribute, WrapperKind kind, MarkingWay way, ReturnShape shape)
    {
        ISymbol accessibleFrom = way == MarkingWay.PartialMethod ? method.ContainingType : context.Compilation.Assembly;
        var resultType = ResultTypeOf(method, shape);

        foreach (var (name, template, literal) in Templates(attribute, kind, context.CancellationToken))
        {
            var (parts, errors) = Template.Parse(template);
            foreach (var error in errors)
            {
                var location = SpanLocation(literal, template, error.Start, error.Length) ?? LocationOf(attribute, method);
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MalformedTemplate, location, name, method.Name, error.Message));
            }

            var isOutput = name == "OutputSummary";
            var unresolved = TemplateCompiler.UnresolvedPlaceholders(template, isOutput, method, isOutput ? resultType : null, accessibleFrom, context.Compilation);
            foreach (var (part, reason) in unresolved)
            {
                var location = SpanLocation(literal, template, part.Start, part.Length) ?? LocationOf(attribute, method);
                var root = part.Path![0];
                if (root == "result" && name == "OutputSummary" && resultType is null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ResultWithoutValue, location, method.Name));
                    continue;
                }

                var suggestion = Nearest(root, method.Parameters.Where(p => p.RefKind != RefKind.Out).Select(p => p.Name));
                if (suggestion == root)
                {
                    suggestion = null;
                }

                var properties = suggestion is null
                    ? ImmutableDictionary<string, string?>.Empty
                    : ImmutableDictionary<string, string?>.Empty.Add("Suggestion", suggestion).Add("Placeholder", root);
                var detail = suggestion is null || part.Path.Count > 1 ? reason : $"{reason}; did you mean '{suggestion}'?";
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.UnknownPlaceholder, location, properties, string.Join(".", part.Path), name, method.Name, detail));
            }

            foreach (var part in parts.Where(p => p.Path is not null && IsSecretName(p.Path[p.Path.Count - 1])))
            {
                var location = SpanLocation(literal, template, part.Start, part.Length) ?? LocationOf(attribute, method);
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SecretInTemplate, location, name, method.Name, string.Join(".", part.Path!)));
            }
        }
    }

    private static ITypeSymbol? ResultTypeOf(IMethodSymbol method, ReturnShape shape) => shape switch
    {
        ReturnShape.Value or ReturnShape.RefValue => method.ReturnType,
        ReturnShape.TaskOfT or ReturnShape.ValueTaskOfT => ((INamedTypeSymbol)method.ReturnType).TypeArguments[0],
        _ => null,
    };

    /// <summary>Returns each summary template of the attribute with the string literal that spells it, when one does.</summary>
    private static IEnumerable<(string Name, string Template, LiteralExpressionSyntax? Literal)> Templates(
        AttributeData attribute, WrapperKind kind, System.Threading.CancellationToken cancellationToken)
    {
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var arguments = syntax?.ArgumentList?.Arguments ?? default;

        // The constructor argument of a tool or step is its name, not a template.
        if (kind is WrapperKind.Run or WrapperKind.Session
            && attribute.ConstructorArguments.Length == 1
            && attribute.ConstructorArguments[0].Value is string positional)
        {
            var literal = arguments.FirstOrDefault(a => a.NameEquals is null)?.Expression as LiteralExpressionSyntax;
            yield return ("InputSummary", positional, literal);
        }

        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key is "InputSummary" or "OutputSummary" or "PayloadSummary" or "ExternalId" && named.Value.Value is string template)
            {
                var literal = arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == named.Key)?.Expression as LiteralExpressionSyntax;
                yield return (named.Key, template, literal);
            }
        }
    }

    /// <summary>
    /// Returns the location of a span of the template inside its string literal, or null when escapes make the
    /// literal's text differ from the value, so that the diagnostic falls back to the whole attribute.
    /// </summary>
    private static Location? SpanLocation(LiteralExpressionSyntax? literal, string template, int start, int length)
    {
        if (literal is null)
        {
            return null;
        }

        var text = literal.Token.Text;
        if (text.Length != template.Length + 2 || text.Substring(1, template.Length) != template)
        {
            return literal.GetLocation();
        }

        var span = new Microsoft.CodeAnalysis.Text.TextSpan(literal.Token.SpanStart + 1 + start, length);
        return Location.Create(literal.SyntaxTree, span);
    }

    private static bool IsSecretName(string name)
    {
        var lower = name.ToLowerInvariant();
        return s_secretWords.Any(word => lower.Contains(word));
    }

    /// <summary>Returns the candidate at the smallest edit distance, if it is close enough to be a misspelling.</summary>
    internal static string? Nearest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is not null && bestDistance <= Math.Max(1, best.Length / 3) ? best : null;
    }

    // Optimal string alignment distance: insertions, deletions, substitutions, and a swap of two neighbouring
    // letters as one edit, the most common typing slip.
    private static int EditDistance(string left, string right)
    {
        var distance = new int[left.Length + 1, right.Length + 1];
        for (var i = 0; i <= left.Length; i++)
        {
            distance[i, 0] = i;
        }

        for (var j = 0; j <= right.Length; j++)
        {
            distance[0, j] = j;
        }

        for (var i = 1; i <= left.Length; i++)
        {
            for (var j = 1; j <= right.Length; j++)
            {
                var cost = left[i - 1] == right[j - 1] ? 0 : 1;
                var best = Math.Min(distance[i - 1, j - 1] + cost, Math.Min(distance[i - 1, j] + 1, distance[i, j - 1] + 1));
                if (i > 1 && j > 1 && left[i - 1] == right[j - 2] && left[i - 2] == right[j - 1])
                {
                    best = Math.Min(best, distance[i - 2, j - 2] + 1);
                }

                distance[i, j] = best;
            }
        }

        return distance[left.Length, right.Length];
    }

    internal static List<AttributeData> ApieAttributes(IMethodSymbol method)
        => method.GetAttributes().Where(attribute => Symbols.KindOf(attribute) is not null).ToList();

    private static Location LocationOf(AttributeData attribute, IMethodSymbol method)
        => attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? method.Locations.FirstOrDefault() ?? Location.None;
}
