using System;
using System.Collections.Concurrent;
using System.Reflection;
using System.Threading.Tasks;

namespace Apie.Benchmarks.Alternatives;

/// <summary>
/// Records the completion of a call's result for interceptors that see the result only as an object, such as a
/// Castle DynamicProxy interceptor or an AspectInjector around advice. A task that has not completed yet is
/// replaced by a task of the same type that completes after the record is written, as Apie's wrapper does.
/// </summary>
public static class TaskCompletionRecording
{
    private static readonly MethodInfo s_wrapTypedTaskDefinition =
        typeof(TaskCompletionRecording).GetMethod(nameof(WrapTypedTask), BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new MissingMethodException(nameof(TaskCompletionRecording), nameof(WrapTypedTask));

    // The interceptor receives the result as an object, so the Task<T> wrapper for each T is built by reflection once.
    private static readonly ConcurrentDictionary<Type, Func<Task, CallRecorder, string, long, Task>> s_continuations = new();

    /// <summary>
    /// Records the completion of <paramref name="result"/> now when it is not a task or its task has completed,
    /// and otherwise returns a task that records it once the original task completes.
    /// </summary>
    public static object? Complete(object? result, CallRecorder recorder, string name, long startTimestamp)
    {
        if (result is not Task task)
        {
            recorder.Complete(name, startTimestamp, failed: false);
            return result;
        }

        if (task.IsCompleted)
        {
            recorder.Complete(name, startTimestamp, failed: !task.IsCompletedSuccessfully);
            return task;
        }

        var type = task.GetType();
        if (!type.IsGenericType)
        {
            return AwaitThenRecordAsync(task, recorder, name, startTimestamp);
        }

        // The runtime type of an async method's task derives from Task<T>, and the caller expects a Task<T>.
        var resultType = FindTaskResultType(type);
        var continuation = s_continuations.GetOrAdd(resultType, CreateContinuation);
        return continuation(task, recorder, name, startTimestamp);
    }

    private static Type FindTaskResultType(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(Task<>))
            {
                return current.GetGenericArguments()[0];
            }
        }

        throw new ArgumentException($"Type {type} is generic but does not derive from Task<T>.", nameof(type));
    }

    private static Func<Task, CallRecorder, string, long, Task> CreateContinuation(Type resultType)
    {
        var method = s_wrapTypedTaskDefinition.MakeGenericMethod(resultType);
        return (Func<Task, CallRecorder, string, long, Task>)method.CreateDelegate(typeof(Func<Task, CallRecorder, string, long, Task>));
    }

    private static async Task AwaitThenRecordAsync(Task task, CallRecorder recorder, string name, long startTimestamp)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            recorder.Complete(name, startTimestamp, failed: true);
            throw;
        }

        recorder.Complete(name, startTimestamp, failed: false);
    }

    private static Task WrapTypedTask<T>(Task task, CallRecorder recorder, string name, long startTimestamp)
        => AwaitResultThenRecordAsync((Task<T>)task, recorder, name, startTimestamp);

    private static async Task<T> AwaitResultThenRecordAsync<T>(Task<T> task, CallRecorder recorder, string name, long startTimestamp)
    {
        T result;
        try
        {
            result = await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            recorder.Complete(name, startTimestamp, failed: true);
            throw;
        }

        recorder.Complete(name, startTimestamp, failed: false);
        return result;
    }
}
