using System.Text.Json;
using Apie.Testing;
using SupportPipeline;
using Xunit;

namespace Apie.Samples.Tests;

/// <summary>
/// The guardrail rule of <c>--loopback</c>, given evaluate request bodies of the form the runtime sends: it blocks
/// refunds of 100 USD or more and refunds of unknown size, and allows everything else.
/// </summary>
public sealed class RefundReviewGuardrailTests
{
    [Theory]
    [InlineData("billing.refund", "Refund 99.99 USD on order ORD-1", "allow")]
    [InlineData("billing.refund", "Refund 49 USD on order ORD-1", "allow")]
    [InlineData("billing.refund", "Refund 100 USD on order ORD-1", "block")]
    [InlineData("billing.refund", "Refund 100.00 USD on order ORD-1", "block")]
    [InlineData("billing.refund", "Refund 250.00 USD on order ORD-1", "block")]
    [InlineData("support.reply", "Refund 500.00 USD on order ORD-1", "allow")]
    [InlineData("kb.search", "Search the knowledge base for 'refund'", "allow")]
    public void Evaluate_DecidesByToolAndAmount(string tool, string payloadSummary, string decision)
    {
        var body = Body($$$"""{"tool":{"name":"{{{tool}}}"},"metadata":{"payload_summary":"{{{payloadSummary}}}"}}""");

        var verdict = RefundReviewGuardrail.Evaluate(body);

        Assert.Equal(decision, verdict.Decision);
        Assert.Equal(decision == "block" ? RefundReviewGuardrail.Reason : null, verdict.Reason);
        Assert.Equal(decision == "block" ? RefundReviewGuardrail.Key : null, verdict.GuardrailKey);
    }

    [Theory]
    [InlineData("""{"tool":{"name":"billing.refund"}}""")]
    [InlineData("""{"tool":{"name":"billing.refund"},"metadata":{"payload_summary":"Refund some money on order ORD-1"}}""")]
    [InlineData("""{"tool":{"name":"billing.refund"},"metadata":null}""")]
    public void Evaluate_BlocksRefundOfUnknownAmount(string json)
    {
        var verdict = RefundReviewGuardrail.Evaluate(Body(json));

        Assert.Equal("block", verdict.Decision);
        Assert.Equal(RefundReviewGuardrail.UnreadableAmountReason, verdict.Reason);
        Assert.Equal(RefundReviewGuardrail.Key, verdict.GuardrailKey);
    }

    [Fact]
    public void Evaluate_AllowsBodyWithoutTool()
    {
        Assert.Equal(GuardrailVerdict.Allow, RefundReviewGuardrail.Evaluate(Body("{}")));
    }

    private static JsonElement Body(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
