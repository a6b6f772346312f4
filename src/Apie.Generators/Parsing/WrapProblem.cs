namespace Apie.Generators.Parsing;

/// <summary>Why the generator leaves an attributed method unwrapped; the analyzers turn each kind into a diagnostic.</summary>
internal enum WrapProblemKind
{
    /// <summary>A constructor, operator, accessor, local function, explicit interface implementation or similar.</summary>
    UnsupportedTarget,

    /// <summary>An <c>async void</c> method: nothing can await its end.</summary>
    AsyncVoid,

    /// <summary>A return type whose end the wrapper cannot observe.</summary>
    UnsupportedReturn,

    /// <summary>A method type parameter with the name of a containing type's type parameter.</summary>
    HiddenTypeParameter,

    /// <summary>A method the interceptor way cannot call from outside its type.</summary>
    Inaccessible,

    /// <summary>A partial method whose containing types are not all partial.</summary>
    NotPartialContainer,

    /// <summary>A partial method without the implementation method its generated body would call.</summary>
    MissingImplementation,
}

/// <summary>One reason a method is not wrapped, with the detail a diagnostic message needs.</summary>
/// <param name="Detail">A name or type the message shows, such as the missing implementation's name.</param>
internal sealed record WrapProblem(WrapProblemKind Kind, string Detail);
