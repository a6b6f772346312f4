using System;
using System.Threading.Tasks;

namespace Apie.TestKit.Tests;

/// <summary>An attributed agent, as an application would write it: a session, a run and two tools.</summary>
public sealed class OrderAgent
{
    /// <summary>The number of times the refund tool's body ran.</summary>
    public int RefundsIssued { get; private set; }

    [ApieSession(InputSummary = "Handle order {orderId}", OutputSummary = "{result}")]
    public async Task<string> HandleAsync(string orderId, decimal amount)
    {
        var status = await CheckAsync(orderId);
        return status == "delivered" ? await RefundRunAsync(orderId, amount) : "no refund";
    }

    [ApieRun("Check order {orderId}", Role = "worker", StepKey = "check", StepIndex = 0, OutputSummary = "{result}")]
    public Task<string> CheckAsync(string orderId) => LookUpAsync(orderId);

    [ApieRun("Refund order {orderId}", Role = "worker", StepKey = "refund", StepIndex = 1, OutputSummary = "{result}")]
    public Task<string> RefundRunAsync(string orderId, decimal amount) => RefundAsync(orderId, amount);

    [ApieTool("orders.lookup", RiskLevel = RiskLevel.Low, ActionType = "read", ResourceType = "order", ExternalId = "{orderId}")]
    public Task<string> LookUpAsync(string orderId) => Task.FromResult(orderId.StartsWith("D", StringComparison.Ordinal) ? "delivered" : "pending");

    [ApieTool("billing.refund", RiskLevel = RiskLevel.High, ActionType = "update", ResourceType = "payment",
        ExternalId = "{orderId}", PayloadSummary = "Refund {amount} USD on {orderId}")]
    public Task<string> RefundAsync(string orderId, decimal amount)
    {
        if (amount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A refund must be positive.");
        }

        RefundsIssued++;
        return Task.FromResult($"refunded {orderId}");
    }

    /// <summary>A synchronous run: its completion is recorded before the call returns.</summary>
    [ApieRun("Count items of {orderId}", OutputSummary = "{result}")]
    public int CountItems(string orderId) => orderId.Length;
}
