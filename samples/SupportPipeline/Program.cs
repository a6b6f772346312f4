using System;
using System.Threading;
using System.Threading.Tasks;
using Apie;

namespace SupportPipeline;

public sealed record Ticket(string Id, string Subject);

public partial class Agent
{
    [ApieSession(Kind = SessionKind.Pipeline, InputSummary = "Resolve ticket {ticket.Id}")]
    public async Task<string> ResolveAsync(Ticket ticket, CancellationToken ct)
    {
        var t = await TriageAsync(ticket);
        return Reply(ticket, t);
    }

    [ApieRun(Role = "worker", StepKey = "triage", StepIndex = 0, OutputSummary = "{result}")]
    public async Task<string> TriageAsync(Ticket ticket)
    {
        await Task.Yield();
        return "billing";
    }

    [ApieRun("Reply to {ticket.Id}", Role = "worker")]
    public partial string Reply(Ticket ticket, string category);

    private string ReplyCore(Ticket ticket, string category) => $"{ticket.Id}: {category}";
}

public static class Program
{
    public static async Task<int> Main()
    {
        var agent = new Agent();
        Console.WriteLine(await agent.ResolveAsync(new Ticket("T-1", "hello"), CancellationToken.None));
        await ApieClient.Current.ShutdownAsync();
        return 0;
    }
}
