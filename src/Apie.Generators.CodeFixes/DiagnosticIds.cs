namespace Apie.Generators.CodeFixes;

/// <summary>
/// Ids of the Apie diagnostics that this assembly fixes. They repeat the ids of <c>DiagnosticDescriptors</c> in
/// Apie.Generators, which is internal to that assembly. A test checks that the analyzers report each of them.
/// </summary>
internal static class DiagnosticIds
{
    public const string UnsupportedTarget = "APIE0001";
    public const string AsyncVoid = "APIE0002";
    public const string UnknownPlaceholder = "APIE0004";
    public const string MissingImplementation = "APIE0006";
    public const string NotPartialContainer = "APIE0007";
    public const string UntracedReference = "APIE0009";
    public const string InterfaceCallUntraced = "APIE0010";
}
