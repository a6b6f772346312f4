namespace Apie.Generators.Model;

/// <summary>One call of an attributed method that an interceptor replaces.</summary>
/// <param name="MethodKey">The <see cref="MethodModel.Key"/> of the called method.</param>
/// <param name="Version">The version of the interceptable location encoding.</param>
/// <param name="Data">The opaque location data that <c>InterceptsLocationAttribute</c> takes.</param>
/// <param name="DisplayLocation">A file, line and column for the comment above the attribute.</param>
/// <param name="Referenced">The called method's model when another assembly declares it, else null.</param>
internal sealed record CallSiteModel(string MethodKey, int Version, string Data, string DisplayLocation, MethodModel? Referenced);
