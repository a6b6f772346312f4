using Apie.Generators.Model;
using Apie.Generators.Shared;

namespace Apie.Generators.Emitting;

/// <summary>
/// Writes one interceptor that replaces every compiled call of a method with a body. The interceptor has the
/// method's signature, with the receiver as its first parameter for an instance method.
/// </summary>
internal static class InterceptorEmitter
{
    public static void Write(SourceWriter writer, WrapperSource source)
    {
        var method = source.Method;

        writer.Open($"namespace {WrapperEmitter.GeneratedNamespace}");
        writer.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"Apie.Generators\", \"0.1.0\")]");
        writer.Line("[global::System.Runtime.CompilerServices.CompilerGenerated]");
        writer.Open("file static class ApieInterceptors");

        writer.Line($"// Intercepts the calls of {method.ContainingTypeFullName}.{method.MethodName} listed below.");
        foreach (var site in source.CallSites)
        {
            writer.Line($"[global::System.Runtime.CompilerServices.InterceptsLocation({site.Version}, \"{site.Data}\")] // {site.DisplayLocation}");
        }

        var receiver = method.IsStatic ? method.ContainingTypeFullName : "__apieReceiver";
        var parameters = WrapperEmitter.ParameterList(method);
        if (!method.IsStatic)
        {
            var self = $"this {method.ReceiverPrefix}{method.ContainingTypeFullName} __apieReceiver";
            parameters = parameters.Length == 0 ? self : $"{self}, {parameters}";
        }

        var constraints = method.InterceptorConstraints.Length == 0 ? "" : " " + method.InterceptorConstraints;
        writer.Open($"public static {method.ReturnType} {method.MethodName}{method.InterceptorTypeParameters}({parameters}){constraints}");
        WrapperEmitter.WriteBody(writer, method, $"{receiver}.{method.MethodName}{method.TypeParameters}({WrapperEmitter.ArgumentList(method)})");
        writer.Close();

        writer.Close();
        writer.Close();
        writer.Line();

        WriteInterceptsLocationAttribute(writer);
    }

    // The compiler recognises the attribute by its full name, and no reference assembly ships it: each file
    // declares its own file-local copy, so two generated files never clash.
    private static void WriteInterceptsLocationAttribute(SourceWriter writer)
    {
        writer.Open("namespace System.Runtime.CompilerServices");
        writer.Line("[global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = true)]");
        writer.Open("file sealed class InterceptsLocationAttribute : global::System.Attribute");
        writer.Open("public InterceptsLocationAttribute(int version, string data)");
        writer.Line("_ = version;");
        writer.Line("_ = data;");
        writer.Close();
        writer.Close();
        writer.Close();
    }
}
