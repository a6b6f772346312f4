using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Apie.Generators.Model;

/// <summary>
/// The C# features the consumer's language version allows in generated code. Libraries that still build at
/// C# 7.3 get code without nullable annotations and without file-local types.
/// </summary>
/// <param name="NullableSyntax">C# 8: <c>#nullable</c> and <c>?</c> on reference types.</param>
/// <param name="FileLocalTypes">C# 11: <c>file</c> types, which keep each generated file's helpers apart.</param>
/// <param name="InterceptorsEnabled">Whether the project lists the generated namespace in <c>InterceptorsNamespaces</c>.</param>
internal sealed record LanguageLevel(bool NullableSyntax, bool FileLocalTypes, bool InterceptorsEnabled)
{
    /// <summary>The namespace of the generated interceptors, which the project must list.</summary>
    public const string InterceptorsNamespace = "Apie.Generated";

    public static LanguageLevel Of(ParseOptions options)
    {
        var version = options is CSharpParseOptions csharp ? csharp.LanguageVersion.MapSpecifiedToEffectiveVersion() : LanguageVersion.Latest;
        return new LanguageLevel(version >= LanguageVersion.CSharp8, version >= LanguageVersion.CSharp11, ListsInterceptorsNamespace(options));
    }

    // MSBuild passes InterceptorsNamespaces, or InterceptorsPreviewNamespaces before the .NET 9.0.200 SDK, to the
    // compiler as a feature whose value is a semicolon-separated list.
    private static bool ListsInterceptorsNamespace(ParseOptions options)
    {
        foreach (var key in new[] { "InterceptorsNamespaces", "InterceptorsPreviewNamespaces" })
        {
            if (options.Features.TryGetValue(key, out var value)
                && System.Array.Exists(value.Split(';'), name => name.Trim() == InterceptorsNamespace))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Fully qualified type names, with nullable annotations where the language has them.</summary>
    public SymbolDisplayFormat TypeFormat => NullableSyntax ? s_annotated : SymbolDisplayFormat.FullyQualifiedFormat;

    private static readonly SymbolDisplayFormat s_annotated = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);
}
