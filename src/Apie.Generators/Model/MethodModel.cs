using Apie.Generators.Shared;

namespace Apie.Generators.Model;

/// <summary>The kind of work an Apie attribute records; the name matches the runtime's <c>Start…</c> entry point.</summary>
internal enum WrapperKind
{
    Run,
    Session,
    Tool,
    WorkflowStep,
    LlmCall,
}

/// <summary>How the wrapper reaches the user's code.</summary>
internal enum MarkingWay
{
    /// <summary>The method has a body, and an interceptor that calls it replaces each call site.</summary>
    Interceptor,

    /// <summary>The method is a partial definition whose generated body calls the implementation method.</summary>
    PartialMethod,
}

/// <summary>The return shapes whose record the wrapper completes when their work ends.</summary>
internal enum ReturnShape
{
    Void,
    Value,

    /// <summary>A <c>ref</c> or <c>ref readonly</c> return: the reference itself is passed back.</summary>
    RefValue,
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,

    /// <summary>An iterator returning <c>IEnumerable&lt;T&gt;</c>: its record spans each enumeration.</summary>
    Enumerable,

    /// <summary>A method returning <c>IAsyncEnumerable&lt;T&gt;</c>: its record spans each enumeration.</summary>
    AsyncEnumerable,
}

/// <summary>
/// Everything the emitter needs to wrap one attributed method. Plain, equatable data: no symbols, syntax or
/// locations, so that the pipeline can cache it between edits.
/// </summary>
/// <param name="ReceiverPrefix">How an interceptor takes the receiver: <c>ref </c> or <c>in </c> for a struct, else empty.</param>
/// <param name="TypeParameters">The method's own type parameter list, such as <c>&lt;T&gt;</c>, or empty.</param>
/// <param name="Constraints">The <c>where</c> clauses of the method's own type parameters.</param>
/// <param name="InterceptorTypeParameters">The containing types' type parameters, then the method's.</param>
/// <param name="InterceptorConstraints">The <c>where</c> clauses of <paramref name="InterceptorTypeParameters"/>.</param>
internal sealed record MethodModel(
    string Key,
    string HintName,
    WrapperKind Kind,
    MarkingWay Way,
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string ContainingTypeFullName,
    string MethodName,
    string Modifiers,
    bool IsStatic,
    string ReceiverPrefix,
    string TypeParameters,
    string Constraints,
    string InterceptorTypeParameters,
    string InterceptorConstraints,
    string ReturnType,
    ReturnShape Shape,
    EquatableArray<ParameterModel> Parameters,
    string? ImplementationName,
    LanguageLevel Level,
    bool IsObsolete,
    bool UsesUnsafeAccessor,
    WrapperSettings Settings);

/// <summary>One type that encloses the method, outermost first, as the partial way must redeclare it.</summary>
internal sealed record ContainingTypeModel(string Keyword, string Name);

/// <summary>One parameter of the wrapped method, copied as the user declared it.</summary>
/// <param name="Name">The name as it appears in code, escaped with <c>@</c> where it is a keyword.</param>
/// <param name="Type">The fully qualified type, with nullable annotations.</param>
/// <param name="Prefix">The modifiers written before the type in a declaration, such as <c>ref </c> or <c>params </c>.</param>
/// <param name="ArgumentPrefix">The modifier written before the argument in a call, such as <c>ref </c> or <c>out </c>.</param>
internal sealed record ParameterModel(string Name, string Type, string Prefix, string ArgumentPrefix);

/// <summary>The attribute's values, already turned into C# expressions for the runtime call.</summary>
/// <param name="GuardedValues">Template values whose rendering calls property getters, which may throw: each is
/// rendered into its own local before the start call, and an exception leaves it empty.</param>
/// <param name="StartArguments">The argument list of the runtime's <c>Start…</c> call, which may name the locals of <paramref name="GuardedValues"/>.</param>
/// <param name="OutputSummary">An expression that renders the output summary (for a tool, its result), or null when none applies.</param>
/// <param name="OutputUsesResult">Whether <paramref name="OutputSummary"/> reads <c>{result}</c>.</param>
/// <param name="OutputCanThrow">Whether rendering the output summary calls property getters, which may throw.</param>
/// <param name="DefersCall">Whether an asynchronous tool call can wait for the guardrails without blocking: every
/// parameter and the receiver can be captured by a lambda.</param>
internal sealed record WrapperSettings(
    EquatableArray<GuardedValue> GuardedValues,
    string StartArguments,
    string? OutputSummary,
    bool OutputUsesResult,
    bool OutputCanThrow,
    bool DefersCall);

/// <summary>A template value rendered into <paramref name="Local"/> before the runtime call.</summary>
internal sealed record GuardedValue(string Local, string Expression);
