using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Apie.Generators.Model;

/// <summary>
/// The C# features the consumer's language version allows in generated code. Libraries that still build at
/// C# 7.3 get code without nullable annotations and without file-local types.
/// </summary>
/// <param name="NullableSyntax">C# 8: <c>#nullable</c> and <c>?</c> on reference types.</param>
/// <param name="FileLocalTypes">C# 11: <c>file</c> types, which keep each generated file's helpers apart.</param>
internal sealed record LanguageLevel(bool NullableSyntax, bool FileLocalTypes)
{
    public static LanguageLevel Of(ParseOptions options)
    {
        var version = options is CSharpParseOptions csharp ? csharp.LanguageVersion.MapSpecifiedToEffectiveVersion() : LanguageVersion.Latest;
        return new LanguageLevel(version >= LanguageVersion.CSharp8, version >= LanguageVersion.CSharp11);
    }

    /// <summary>Fully qualified type names, with nullable annotations where the language has them.</summary>
    public SymbolDisplayFormat TypeFormat => NullableSyntax ? s_annotated : SymbolDisplayFormat.FullyQualifiedFormat;

    private static readonly SymbolDisplayFormat s_annotated = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);
}
