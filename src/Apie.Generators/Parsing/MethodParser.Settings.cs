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

// Attribute settings: the values of an Apie attribute turned into the arguments of the runtime call.
internal static partial class MethodParser
{
    private static WrapperSettings ReadSettings(
        AttributeData attribute,
        WrapperKind kind,
        IMethodSymbol method,
        ReturnShape shape,
        ITypeSymbol? resultType,
        ISymbol accessibleFrom,
        Compilation compilation)
    {
        var guarded = new List<GuardedValue>();

        // Renders a template into an argument: inline when it cannot throw, else through a guarded local.
        string Render(string? template, string local, string? fallback = null)
        {
            if (template is null)
            {
                return fallback ?? "null";
            }

            var (expression, _, canThrow) = TemplateCompiler.Compile(template, method, resultType: null, accessibleFrom, compilation);
            if (!canThrow)
            {
                return expression;
            }

            guarded.Add(new GuardedValue(local, expression));
            return local;
        }

        string? output = null;
        var outputUsesResult = false;
        var outputCanThrow = false;
        string arguments;
        switch (kind)
        {
            case WrapperKind.Tool:
                arguments = string.Join(", ",
                    Literal(FirstConstructorString(attribute)),
                    Literal(NamedString(attribute, "Provider")),
                    EnumMember("RiskLevel", NamedArgument(attribute, "RiskLevel")?.Value as int? ?? 0, "Unspecified", "Low", "Medium", "High", "Critical"),
                    Literal(NamedString(attribute, "ActionType")),
                    Literal(NamedString(attribute, "ActionName")),
                    Literal(NamedString(attribute, "ResourceType")),
                    Literal(NamedString(attribute, "Environment")),
                    Render(NamedString(attribute, "ExternalId"), "__apieExternalId"),
                    Render(NamedString(attribute, "PayloadSummary"), "__apiePayload"),
                    NamedArgument(attribute, "Guard")?.Value is false ? "false" : "true");

                // A tool's completion carries its result as text.
                if (resultType is not null && CanFormat(resultType) && shape is not (ReturnShape.Enumerable or ReturnShape.AsyncEnumerable))
                {
                    output = "global::Apie.ApieGenerated.Format(__apieResult)";
                    outputUsesResult = true;
                }

                break;

            case WrapperKind.WorkflowStep:
                arguments = string.Join(", ",
                    Literal(FirstConstructorString(attribute)),
                    Literal(NamedString(attribute, "Name")),
                    (NamedArgument(attribute, "Index")?.Value as int? ?? -1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Render(NamedString(attribute, "PayloadSummary"), "__apiePayload"));
                break;

            case WrapperKind.LlmCall:
                arguments = string.Join(", ",
                    Literal(NamedString(attribute, "Provider")),
                    Literal(NamedString(attribute, "Model")),
                    Render(NamedString(attribute, "InputSummary"), "__apieInput"));
                break;

            default:
                var inputTemplate = NamedString(attribute, "InputSummary") ?? FirstConstructorString(attribute);
                var input = Render(inputTemplate, "__apieInput", SymbolDisplay.FormatLiteral(method.ContainingType.Name + "." + method.Name, quote: true));
                if (NamedString(attribute, "OutputSummary") is { } outputTemplate)
                {
                    (output, outputUsesResult, outputCanThrow) = TemplateCompiler.Compile(outputTemplate, method, resultType, accessibleFrom, compilation);
                }

                arguments = kind == WrapperKind.Session
                    ? string.Join(", ",
                        EnumMember("SessionKind", NamedArgument(attribute, "Kind")?.Value as int? ?? 0, "SingleAgent", "MultiAgent", "Pipeline"),
                        input,
                        Literal(NamedString(attribute, "Environment")))
                    : string.Join(", ",
                        input,
                        Literal(NamedString(attribute, "Role")),
                        Literal(NamedString(attribute, "StepKey")),
                        Literal(NamedString(attribute, "StepName")),
                        (NamedArgument(attribute, "StepIndex")?.Value as int? ?? -1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Literal(NamedString(attribute, "Environment")));
                break;
        }

        return new WrapperSettings(
            GuardedValues: guarded.ToEquatableArray(),
            StartArguments: arguments,
            OutputSummary: output,
            OutputUsesResult: outputUsesResult,
            OutputCanThrow: outputCanThrow,
            DefersCall: kind == WrapperKind.Tool && CanDefer(method, shape));
    }

    /// <summary>
    /// Whether an asynchronous tool call can hand its call to the runtime as a lambda, to run once the guardrails
    /// decide: a lambda cannot capture <c>ref</c>, <c>in</c> or <c>out</c> parameters, ref struct values, pointers,
    /// or the receiver of a struct method.
    /// </summary>
    private static bool CanDefer(IMethodSymbol method, ReturnShape shape)
        => shape is ReturnShape.Task or ReturnShape.TaskOfT or ReturnShape.ValueTask or ReturnShape.ValueTaskOfT
           && (method.IsStatic || method.ContainingType.IsReferenceType)
           && method.Parameters.All(parameter => parameter.RefKind == RefKind.None && CanCapture(parameter.Type));

    /// <summary>Whether a value of the type can be captured by a lambda or passed as a type argument.</summary>
    private static bool CanCapture(ITypeSymbol type)
        => !type.IsRefLikeType
           && type is not (IPointerTypeSymbol or IFunctionPointerTypeSymbol)
           && type is not ITypeParameterSymbol { AllowsRefLikeType: true };

    private static bool CanFormat(ITypeSymbol type) => CanCapture(type) && type.SpecialType != SpecialType.System_Void;

    private static string? FirstConstructorString(AttributeData attribute)
        => attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;

    private static string EnumMember(string type, int value, params string[] members)
        => value >= 0 && value < members.Length ? $"global::Apie.{type}.{members[value]}" : $"(global::Apie.{type}){value}";

    private static string Literal(string? value)
        => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

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
