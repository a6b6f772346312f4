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
