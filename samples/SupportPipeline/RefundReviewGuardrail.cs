using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Apie.Testing;

namespace SupportPipeline;

/// <summary>
/// The guardrail rule that <c>--loopback</c> gives the loopback Apie server: it blocks <c>billing.refund</c> calls
/// of <see cref="Threshold"/> US dollars or more and allows every other call.
/// </summary>
/// <remarks>
/// The rule reads the request body of <c>POST /v1/guardrails/evaluate</c>. The runtime sends the tool name as
/// <c>tool.name</c> and the tool's rendered <c>PayloadSummary</c> as <c>metadata.payload_summary</c>. For the refund
/// tool that summary is <c>Refund {amount} USD on order {orderId}</c>, so the amount is read from it.
/// </remarks>
public static partial class RefundReviewGuardrail
{
    /// <summary>The smallest refund, in US dollars, that the rule blocks.</summary>
    public const decimal Threshold = 100m;

    /// <summary>The guardrail key the server returns in <c>matched_guardrails</c>.</summary>
    public const string Key = "refund-review";

    /// <summary>The reason the server returns for a blocked refund.</summary>
    public const string Reason = "refunds of 100 USD or more need a second approver";

    /// <summary>The reason the server returns for a refund whose amount the rule cannot read.</summary>
    public const string UnreadableAmountReason = "the refund amount is missing from the payload summary, so a second approver must check it";

    /// <summary>Returns the verdict for one evaluate request body.</summary>
    public static GuardrailVerdict Evaluate(JsonElement request)
    {
        if (ReadString(request, "tool", "name") != SupportTools.RefundTool)
        {
            return GuardrailVerdict.Allow;
        }

        // A refund of unknown size could be of any size, so it gets the same review as a large one.
        if (ReadRefundAmount(request) is not { } amount)
        {
            return new GuardrailVerdict("block", UnreadableAmountReason, Key);
        }

        return amount >= Threshold ? new GuardrailVerdict("block", Reason, Key) : GuardrailVerdict.Allow;
    }

    /// <summary>Returns the amount in <c>metadata.payload_summary</c>, or null when the summary is missing or has another form.</summary>
    public static decimal? ReadRefundAmount(JsonElement request)
    {
        var summary = ReadString(request, "metadata", "payload_summary");
        if (summary is null || RefundSummaryPattern().Match(summary) is not { Success: true } match)
        {
            return null;
        }

        return decimal.TryParse(match.Groups["amount"].ValueSpan, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : null;
    }

    private static string? ReadString(JsonElement request, string objectName, string propertyName)
        => request.ValueKind == JsonValueKind.Object
           && request.TryGetProperty(objectName, out var container)
           && container.ValueKind == JsonValueKind.Object
           && container.TryGetProperty(propertyName, out var value)
           && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // The refund tool's PayloadSummary, "Refund {amount} USD on order {orderId}", with the amount in invariant culture.
    [GeneratedRegex(@"^Refund (?<amount>[0-9]+(?:\.[0-9]+)?) USD\b", RegexOptions.CultureInvariant)]
    private static partial Regex RefundSummaryPattern();
}
