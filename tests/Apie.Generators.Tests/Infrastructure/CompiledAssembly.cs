using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Xunit;

namespace Apie.Generators.Tests.Infrastructure;

/// <summary>
/// User code compiled with the generator's output, loaded into its own load context so that each test runs
/// the real generated wrappers. The Apie runtime resolves to the copy this test process already loaded.
/// </summary>
internal sealed class CompiledAssembly
{
    private readonly Assembly _assembly;

    private CompiledAssembly(Assembly assembly)
    {
        _assembly = assembly;
    }

    /// <summary>Compiles the sources with the generator, asserts zero warnings, and loads the result.</summary>
    public static CompiledAssembly Build(params string[] sources)
    {
        var (output, _) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(sources));
        Assert.Empty(GeneratorHarness.Problems(output));

        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        image.Position = 0;
        var context = new AssemblyLoadContext("Apie.Generators.Tests." + Guid.NewGuid().ToString("N"), isCollectible: true);
        return new CompiledAssembly(context.LoadFromStream(image));
    }

    /// <summary>Calls a public static method of a type in the compiled assembly and returns what it returned.</summary>
    public object? Call(string typeName, string methodName, params object?[] arguments)
    {
        var type = _assembly.GetTypes().Single(t => t.FullName == typeName);
        var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static)
                     ?? throw new InvalidOperationException($"{typeName}.{methodName} not found.");
        try
        {
            return method.Invoke(null, arguments);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
            throw;
        }
    }

    /// <summary>Calls a static method that returns a task and awaits it.</summary>
    public async Task<object?> CallAsync(string typeName, string methodName, params object?[] arguments)
    {
        var task = (Task)Call(typeName, methodName, arguments)!;
        await task;
        return task.GetType().GetProperty("Result")?.GetValue(task);
    }

    /// <summary>Reads a public static field or property.</summary>
    public object? Read(string typeName, string memberName)
    {
        var type = _assembly.GetTypes().Single(t => t.FullName == typeName);
        return type.GetField(memberName)?.GetValue(null) ?? type.GetProperty(memberName)?.GetValue(null);
    }

    /// <summary>Sets a public static field.</summary>
    public void Write(string typeName, string fieldName, object? value)
    {
        var type = _assembly.GetTypes().Single(t => t.FullName == typeName);
        var field = type.GetField(fieldName) ?? throw new InvalidOperationException($"{typeName}.{fieldName} not found.");
        field.SetValue(null, value);
    }
}
