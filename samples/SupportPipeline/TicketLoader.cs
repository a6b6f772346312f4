using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace SupportPipeline;

/// <summary>Reads tickets from a JSON Lines file: one ticket object per line, blank lines ignored.</summary>
public static class TicketLoader
{
    /// <summary>The name of the ticket file that the build copies next to the sample's assembly.</summary>
    public const string BundledFileName = "tickets.jsonl";

    /// <summary>The full path of the bundled ticket file.</summary>
    public static string BundledPath => Path.Combine(AppContext.BaseDirectory, BundledFileName);

    /// <summary>Reads the bundled tickets.</summary>
    /// <exception cref="TicketFileException">The bundled file is missing or invalid.</exception>
    public static IReadOnlyList<Ticket> LoadBundled() => Load(BundledPath);

    /// <summary>Reads every ticket of the file at <paramref name="path"/>, in file order.</summary>
    /// <exception cref="TicketFileException">
    /// The file is missing or unreadable, a line is not a valid ticket, two tickets share an id, or the file
    /// contains no ticket. The message names the file and, for a bad line, its line number.
    /// </exception>
    public static IReadOnlyList<Ticket> Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var lines = ReadLines(fullPath);

        var tickets = new List<Ticket>();
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < lines.Length; index++)
        {
            if (string.IsNullOrWhiteSpace(lines[index]))
            {
                continue;
            }

            var lineNumber = index + 1;
            var ticket = Parse(lines[index], fullPath, lineNumber);
            if (!firstLineOfId.TryAdd(ticket.Id, lineNumber))
            {
                throw new TicketFileException(
                    fullPath,
                    lineNumber,
                    $"Ticket file {fullPath}, line {lineNumber}: ticket id '{ticket.Id}' is already used on line {firstLineOfId[ticket.Id]}. Give every ticket its own id.");
            }

            tickets.Add(ticket);
        }

        if (tickets.Count == 0)
        {
            throw new TicketFileException(fullPath, null, $"Ticket file {fullPath} contains no tickets. Write one JSON object per line.");
        }

        return tickets;
    }

    private static string[] ReadLines(string fullPath)
    {
        try
        {
            return File.ReadAllLines(fullPath);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TicketFileException(
                fullPath,
                null,
                $"Ticket file not found: {fullPath}. Pass the path of a JSON Lines file with one ticket per line, or no argument for the bundled tickets.",
                exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new TicketFileException(fullPath, null, $"Ticket file {fullPath} could not be read: {exception.Message}", exception);
        }
    }

    private static Ticket Parse(string line, string fullPath, int lineNumber)
    {
        Ticket? ticket;
        try
        {
            ticket = JsonSerializer.Deserialize(line, TicketJsonContext.Default.Ticket);
        }
        catch (JsonException exception)
        {
            throw new TicketFileException(fullPath, lineNumber, $"Ticket file {fullPath}, line {lineNumber}: invalid ticket. {exception.Message}", exception);
        }

        var problem = ticket is null ? "the line is null instead of a ticket object." : FindProblem(ticket);
        if (problem is not null)
        {
            throw new TicketFileException(fullPath, lineNumber, $"Ticket file {fullPath}, line {lineNumber}: invalid ticket: {problem}");
        }

        return ticket!;
    }

    /// <summary>Returns what makes the ticket unusable, or null when it is valid. JSON parsing checks presence and types.</summary>
    private static string? FindProblem(Ticket ticket)
    {
        if (string.IsNullOrWhiteSpace(ticket.Id))
        {
            return "'id' is empty.";
        }

        if (string.IsNullOrWhiteSpace(ticket.Customer))
        {
            return "'customer' is empty.";
        }

        if (string.IsNullOrWhiteSpace(ticket.Subject))
        {
            return "'subject' is empty.";
        }

        if (string.IsNullOrWhiteSpace(ticket.Body))
        {
            return "'body' is empty.";
        }

        // The string enum converter also accepts numbers, so a number outside the enum gets here.
        if (!Enum.IsDefined(ticket.Channel))
        {
            return $"'channel' {(int)ticket.Channel} is not one of email, chat, phone, web, social.";
        }

        if (!Enum.IsDefined(ticket.Priority))
        {
            return $"'priority' {(int)ticket.Priority} is not one of low, normal, high, urgent.";
        }

        if (ticket.RefundAmount is < 0)
        {
            return $"'refund_amount' is negative ({ticket.RefundAmount.Value.ToString("0.00", CultureInfo.InvariantCulture)}).";
        }

        return null;
    }
}

/// <summary>A ticket file that is missing, unreadable or invalid.</summary>
public sealed class TicketFileException : Exception
{
    /// <summary>Creates the exception for the file at <paramref name="path"/>.</summary>
    public TicketFileException(string path, int? lineNumber, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = path;
        LineNumber = lineNumber;
    }

    /// <summary>The full path of the ticket file.</summary>
    public string FilePath { get; }

    /// <summary>The one-based number of the invalid line, or null when the problem concerns the whole file.</summary>
    public int? LineNumber { get; }
}
