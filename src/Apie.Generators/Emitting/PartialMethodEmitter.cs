using Apie.Generators.Model;
using Apie.Generators.Shared;

namespace Apie.Generators.Emitting;

/// <summary>Writes the body of a partial method without one, inside redeclarations of its containing types.</summary>
internal static class PartialMethodEmitter
{
    public static void Write(SourceWriter writer, MethodModel method)
    {
        if (method.Namespace is not null)
        {
            writer.Open($"namespace {method.Namespace}");
        }

        foreach (var type in method.ContainingTypes)
        {
            writer.Open($"partial {type.Keyword} {type.Name}");
        }

        // Callers in other assemblies see this attribute and leave their calls alone: the body already records.
        writer.Line("[global::Apie.ApieWrapped]");
        var constraints = method.Constraints.Length == 0 ? "" : " " + method.Constraints;
        writer.Open($"{method.Modifiers} {method.ReturnType} {method.MethodName}{method.TypeParameters}({WrapperEmitter.ParameterList(method)}){constraints}");
        WrapperEmitter.WriteBody(writer, method, $"{method.ImplementationName}{method.TypeParameters}({WrapperEmitter.ArgumentList(method)})");
        writer.Close();

        foreach (var _ in method.ContainingTypes)
        {
            writer.Close();
        }

        if (method.Namespace is not null)
        {
            writer.Close();
        }
    }
}
