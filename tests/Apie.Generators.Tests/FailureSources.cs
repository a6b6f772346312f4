namespace Apie.Generators.Tests;

/// <summary>User code whose attributed methods throw, and callers that catch what reaches them.</summary>
internal static class FailureSources
{
    /// <summary>
    /// Methods that throw at each point a method can: synchronously from a method returning a task, in an async
    /// method before and after its first await, and by cancellation. <c>Thrown</c> keeps the exact object thrown.
    /// </summary>
    public static string Worker(bool partial) => $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Apie;

        namespace Failing;

        public {{(partial ? "partial " : "")}}class Worker
        {
            public static Exception? Thrown;

            {{Method(partial, "Task<int> ThrowsSynchronously(int value)", """
                Thrown = new ArgumentOutOfRangeException(nameof(value), "value must not be negative");
                throw Thrown;
                """)}}

            {{Method(partial, "Task<int> ThrowsBeforeAwaitAsync(int value)", """
                Thrown = new InvalidOperationException("failed before the first await");
                throw Thrown;
                """, isAsync: true, suppressAwaitWarning: true)}}

            {{Method(partial, "Task ThrowsAfterAwaitAsync(int value)", """
                await Task.Yield();
                Thrown = new InvalidOperationException("failed after an await " + value);
                throw Thrown;
                """, isAsync: true)}}

            {{Method(partial, "ValueTask<string> CancelledAsync(CancellationToken cancellationToken)", """
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return "never";
                """, isAsync: true)}}

            {{Method(partial, "int ThrowsFromSync(string text)", """
                Thrown = new FormatException("not a number: " + text);
                throw Thrown;
                """)}}
        }

        public static class Scenario
        {
            public static Exception? CallSynchronousThrow()
            {
                try
                {
                    _ = new Worker().ThrowsSynchronously(-1);
                    return null;
                }
                catch (ArgumentOutOfRangeException exception)
                {
                    return exception;
                }
            }

            public static async Task<Exception?> AwaitBeforeAwaitThrow()
            {
                Task<int> task = new Worker().ThrowsBeforeAwaitAsync(1);
                try
                {
                    await task;
                    return null;
                }
                catch (InvalidOperationException exception)
                {
                    return exception;
                }
            }

            public static async Task<Exception?> AwaitAfterAwaitThrow()
            {
                try
                {
                    await new Worker().ThrowsAfterAwaitAsync(7);
                    return null;
                }
                catch (InvalidOperationException exception)
                {
                    return exception;
                }
            }

            public static async Task<Exception?> AwaitCancellation()
            {
                using var source = new CancellationTokenSource();
                var task = new Worker().CancelledAsync(source.Token);
                source.Cancel();
                try
                {
                    await task;
                    return null;
                }
                catch (OperationCanceledException exception)
                {
                    return exception;
                }
            }

            public static Exception? CallSyncThrow()
            {
                try
                {
                    new Worker().ThrowsFromSync("x");
                    return null;
                }
                catch (FormatException exception)
                {
                    return exception;
                }
            }
        }
        """;

    private static string Method(bool partial, string signature, string body, bool isAsync = false, bool suppressAwaitWarning = false)
    {
        var name = signature.Substring(signature.IndexOf(' ') + 1, signature.IndexOf('(') - signature.IndexOf(' ') - 1);
        var modifiers = isAsync ? "public async" : "public";
        var pragmaOpen = suppressAwaitWarning ? "#pragma warning disable CS1998 // An async method that throws before any await.\n" : "";
        var pragmaClose = suppressAwaitWarning ? "\n#pragma warning restore CS1998" : "";
        var indented = body.Replace("\n", "\n    ");
        if (!partial)
        {
            return $"[ApieRun(\"{name}\", Role = \"worker\")]\n{pragmaOpen}{modifiers} {signature}\n{{\n    {indented}\n}}{pragmaClose}";
        }

        var coreSignature = signature.Replace(name + "(", name + "Core(");
        var coreModifiers = isAsync ? "private async" : "private";
        return $"[ApieRun(\"{name}\", Role = \"worker\")]\npublic partial {signature};\n\n{pragmaOpen}{coreModifiers} {coreSignature}\n{{\n    {indented}\n}}{pragmaClose}";
    }
}
