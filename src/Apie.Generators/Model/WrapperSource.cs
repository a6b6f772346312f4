using Apie.Generators.Shared;

namespace Apie.Generators.Model;

/// <summary>A method together with the call sites that reach it: the input of one generated file.</summary>
internal sealed record WrapperSource(MethodModel Method, EquatableArray<CallSiteModel> CallSites);
