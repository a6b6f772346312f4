using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Apie;

namespace SupportPipeline;

/// <summary>The command-line entry of the support pipeline sample.</summary>
public static class Program
{
    /// <summary>The exit code of a pass over every ticket.</summary>
    public const int ExitSuccess = 0;

    /// <summary>The exit code for invalid arguments and for a missing or invalid ticket file.</summary>
    public const int ExitInvalidInput = 2;

    /// <summary>The exit code after Ctrl+C, as shells report a process ended by SIGINT.</summary>
    public const int ExitCancelled = 130;

    private const string LoopbackOption = "--loopback";

    private const string Usage = """
        Usage: SupportPipeline [--loopback] [TICKETS.jsonl]

        Runs the support pipeline over every ticket of the JSON Lines file TICKETS.jsonl, or over the bundled
        tickets when no file is given, and prints each ticket's session, runs and tool calls.

        Without --loopback, Apie sends its requests to the service that APIE_API_KEY and APIE_BASE_URL, or
        apie.config.json in the working directory, configure. Without either, it writes them to
        .apie/requests.ndjson in the working directory, and every guardrail allows every tool call.

        --loopback   Starts an Apie server inside this process on a free port of 127.0.0.1 and sends every
                     request to it in enforce mode, ignoring apie.config.json and the environment. Its
                     refund-review guardrail blocks billing.refund calls of 100 USD or more.
        -h, --help   Prints this text.
        """;

    /// <summary>Runs the sample with the console's output and error streams; Ctrl+C cancels the pass.</summary>
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // Keeps the process alive so the pipeline stops at its next await and Apie sends what it recorded.
            e.Cancel = true;
            cancellation.Cancel();
        };

        Console.CancelKeyPress += onCancel;
        try
        {
            return await RunAsync(args, Console.Out, Console.Error, cancellation.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// Loads the tickets named by <paramref name="args"/>, runs the pipeline over them and shuts Apie down.
    /// Returns <see cref="ExitSuccess"/>, <see cref="ExitInvalidInput"/> or <see cref="ExitCancelled"/>.
    /// </summary>
    /// <remarks>Apie is touched only after the tickets have loaded, so an invalid input records nothing.</remarks>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        if (args.Any(arg => arg is "-h" or "--help"))
        {
            output.WriteLine(Usage);
            return ExitSuccess;
        }

        var loopback = false;
        var files = new List<string>();
        foreach (var arg in args)
        {
            if (arg == LoopbackOption)
            {
                loopback = true;
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                error.WriteLine($"error: unknown option '{arg}'.");
                error.WriteLine(Usage);
                return ExitInvalidInput;
            }
            else
            {
                files.Add(arg);
            }
        }

        if (files.Count > 1)
        {
            error.WriteLine($"error: expected at most one ticket file, but got {files.Count}: {string.Join(", ", files)}.");
            error.WriteLine(Usage);
            return ExitInvalidInput;
        }

        IReadOnlyList<Ticket> tickets;
        try
        {
            tickets = files.Count == 0 ? TicketLoader.LoadBundled() : TicketLoader.Load(files[0]);
        }
        catch (TicketFileException exception)
        {
            error.WriteLine($"error: {exception.Message}");
            return ExitInvalidInput;
        }

        await using var server = loopback ? await LoopbackApie.StartServerAsync() : null;
        var client = server is null ? ApieClient.Current : LoopbackApie.CreateClient(server.BaseUrl);
        if (server is not null)
        {
            output.WriteLine($"Loopback Apie server at {server.BaseUrl} in enforce mode: the {RefundReviewGuardrail.Key} guardrail blocks {SupportTools.RefundTool} calls of {RefundReviewGuardrail.Threshold:0} USD or more.");
            output.WriteLine();
        }

        try
        {
            await TicketPipeline.RunAsync(tickets, output, cancellationToken);
            return ExitSuccess;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("Cancelled: the tickets that finished are printed above, and Apie sends what it recorded.");
            return ExitCancelled;
        }
        finally
        {
            // The server is disposed after this block, so the shutdown can still send to it.
            await client.ShutdownAsync(CancellationToken.None);
        }
    }
}
