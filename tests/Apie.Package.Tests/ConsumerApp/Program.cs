using Apie;

// Handles one refund ticket in local mode. With no API key and no base URL, Apie appends every request that it
// would send to .apie/requests.ndjson in the working directory.
var agent = new RefundAgent();
var reply = await agent.HandleTicketAsync("T-1001", 42.50m);
Console.WriteLine(reply);

// Sends the queued requests before the process exits.
await ApieClient.Current.ShutdownAsync();
Console.WriteLine($"Handled 1 ticket on {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}.");

/// <summary>An agent with one method for each Apie attribute.</summary>
public sealed class RefundAgent
{
    [ApieSession("Ticket {ticketId}", Kind = SessionKind.SingleAgent, OutputSummary = "{result}")]
    public async Task<string> HandleTicketAsync(string ticketId, decimal amount)
    {
        var category = await TriageAsync(ticketId);
        return await ResolveAsync(ticketId, category, amount);
    }

    [ApieRun("Triage {ticketId}", Role = "triage", OutputSummary = "{result}")]
    public async Task<string> TriageAsync(string ticketId)
    {
        await Task.Yield();
        return ticketId.StartsWith("T-", StringComparison.Ordinal) ? "billing" : "other";
    }

    [ApieRun("Resolve {ticketId}", Role = "resolver")]
    public async Task<string> ResolveAsync(string ticketId, string category, decimal amount)
    {
        Validate(ticketId, category);
        var draft = await DraftReplyAsync(ticketId);
        var receipt = Refund(ticketId, amount);
        return $"{draft} {receipt}";
    }

    [ApieWorkflowStep("validate", Name = "Validate ticket", Index = 0, PayloadSummary = "{ticketId} in {category}")]
    public void Validate(string ticketId, string category)
    {
        if (category != "billing")
        {
            throw new InvalidOperationException($"Ticket {ticketId} is in category '{category}', not 'billing'.");
        }
    }

    [ApieLlmCall(Provider = "example", Model = "example-model", InputSummary = "Draft a reply to {ticketId}")]
    public async Task<string> DraftReplyAsync(string ticketId)
    {
        await Task.Delay(1);
        return $"Your refund for {ticketId} is on its way.";
    }

    [ApieTool("billing.refund", RiskLevel = RiskLevel.High, ActionType = "update", ResourceType = "payment",
        ExternalId = "{ticketId}", PayloadSummary = "Refund {amount} USD on {ticketId}")]
    public string Refund(string ticketId, decimal amount)
    {
        return $"Refunded {amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} USD.";
    }
}
