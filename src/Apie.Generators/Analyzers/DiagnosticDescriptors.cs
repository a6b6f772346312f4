using Microsoft.CodeAnalysis;

namespace Apie.Generators.Analyzers;

/// <summary>
/// Every diagnostic Apie reports, with stable ids. Each id has a page under <c>docs/diagnostics/</c> that describes
/// what triggers it, why it matters and how to fix it.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "Apie";

    // NOTE: the address assumes the repository's public home; the same pages are in docs/diagnostics/.
    private const string HelpBase = "https://github.com/apie-sh/apie-dotnet/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor UnsupportedTarget = Create(
        "APIE0001",
        "Apie attribute on a member it cannot wrap",
        "'{0}' is {1}, which Apie cannot wrap; put the attribute on an ordinary method{2}");

    public static readonly DiagnosticDescriptor AsyncVoid = Create(
        "APIE0002",
        "Apie attribute on an async void method",
        "'{0}' is async void, so nothing can observe when its work ends; return Task instead");

    public static readonly DiagnosticDescriptor MalformedTemplate = Create(
        "APIE0003",
        "Malformed summary template",
        "The {0} template of '{1}' is malformed: {2}");

    public static readonly DiagnosticDescriptor UnknownPlaceholder = Create(
        "APIE0004",
        "Summary template names a value that does not exist",
        "'{{{0}}}' in the {1} template of '{2}' renders as empty text: {3}");

    public static readonly DiagnosticDescriptor ResultWithoutValue = Create(
        "APIE0005",
        "OutputSummary names the result of a method that returns nothing",
        "'{0}' returns no value, so '{{result}}' in its OutputSummary always renders as empty text; remove it");

    public static readonly DiagnosticDescriptor MissingImplementation = Create(
        "APIE0006",
        "Partial method without its implementation method",
        "The generated body of '{0}' calls '{1}', but the type has no method '{1}' with the same signature; add it or set Implementation");

    public static readonly DiagnosticDescriptor NotPartialContainer = Create(
        "APIE0007",
        "Partial method in a type that is not partial",
        "The generator cannot write the body of '{0}' because its containing type '{1}' is not partial; make '{1}' partial");

    public static readonly DiagnosticDescriptor ConflictingAttributes = Create(
        "APIE0008",
        "Apie attributes that cannot combine",
        "'{0}' has both [{1}] and [{2}]; keep one");

    public static readonly DiagnosticDescriptor UntracedReference = Create(
        "APIE0009",
        "Attributed method used as a method group",
        "'{0}' is used as a method group here, so calls through the delegate are not traced; call it in a lambda, or declare it as a partial method without a body");

    public static readonly DiagnosticDescriptor InterfaceCallUntraced = Create(
        "APIE0010",
        "Call through an interface member without the Apie attribute",
        "This call of '{0}' reaches '{1}' through a member without an Apie attribute, so it is not traced; move the attribute to '{0}'");

    public static readonly DiagnosticDescriptor InterceptionUnreachable = Create(
        "APIE0011",
        "Call that the interceptor way cannot reach",
        "This call of '{0}' is not traced: {1}");

    public static readonly DiagnosticDescriptor Unwrappable = Create(
        "APIE0012",
        "Attributed method that cannot be wrapped",
        "'{0}' is not traced: {1}");

    public static readonly DiagnosticDescriptor UndescribedRiskyTool = Create(
        "APIE0013",
        "High-risk tool that guardrails cannot judge",
        "The tool '{0}' on '{1}' has RiskLevel {2} but no ActionType, ResourceType or Environment, so guardrails see only 'execute' on 'unknown'; set the ones that describe the call: ActionType (read, create, update, delete, execute, communicate or merge), ResourceType (such as database_record, secret or code_repository) and Environment");

    public static readonly DiagnosticDescriptor MissingName = Create(
        "APIE0015",
        "Tool or step without a name",
        "'{0}' gives {1} an empty name; pass {2}, such as {3}");

    public static readonly DiagnosticDescriptor SecretInTemplate = Create(
        "APIE0014",
        "Summary template renders a secret",
        "The {0} template of '{1}' renders '{2}', whose name says it holds a secret; leave it out of the summary");

    private static DiagnosticDescriptor Create(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpBase + id + ".md");
}
