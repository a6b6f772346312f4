using System;
using System.Collections.Generic;
using System.IO;
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

    private const string Usage = """
        Usage: SupportPipeline [TICKETS.jsonl]

        Runs the support pipeline over every ticket of the JSON Lines file TICKETS.jsonl, or over the bundled
        tickets when no file is given, and prints each ticket's session and runs.
        Apie sends its requests to the service that APIE_API_KEY and APIE_BASE_URL, or apie.config.json in the
        working directory, configure. Without either, it writes them to .apie/requests.ndjson in the working
        directory.
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

        if (args is ["-h" or "--help"])
        {
            output.WriteLine(Usage);
            return ExitSuccess;
        }

        if (args.Count > 1)
        {
            error.WriteLine($"error: expected at most one argument, the ticket file, but got {args.Count}.");
            error.WriteLine(Usage);
            return ExitInvalidInput;
        }

        IReadOnlyList<Ticket> tickets;
        try
        {
            tickets = args.Count == 0 ? TicketLoader.LoadBundled() : TicketLoader.Load(args[0]);
        }
        catch (TicketFileException exception)
        {
            error.WriteLine($"error: {exception.Message}");
            return ExitInvalidInput;
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
            await ApieClient.Current.ShutdownAsync(CancellationToken.None);
        }
    }
}
