using System.Text.Json;
using Dunning.Contracts;

namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>Reads decline details from the Stripe shapes that carry them: an error object, a charge, a payment intent.</summary>
public static class DeclineDetailsReader
{
    /// <summary>An error object (<c>last_finalization_error</c>, <c>last_payment_error</c>); null when it names no failure.</summary>
    public static DeclineDetails? FromError(JsonElement? error)
    {
        if (error is not { ValueKind: JsonValueKind.Object } e || (e.String("code") ?? e.String("decline_code")) is null)
            return null;
        return new DeclineDetails(
            FailureCode: e.String("code"),
            DeclineCode: e.String("decline_code"),
            AdviceCode: e.String("advice_code"),
            NetworkDeclineCode: e.String("network_decline_code"),
            NetworkAdviceCode: e.String("network_advice_code"),
            CardBrand: e.String("payment_method", "card", "brand"),
            CardFingerprint: e.String("payment_method", "card", "fingerprint"),
            PaymentMethodId: e.String("payment_method"));
    }

    /// <summary>A charge; null when it did not fail.</summary>
    public static DeclineDetails? FromCharge(JsonElement? charge)
    {
        if (charge is not { ValueKind: JsonValueKind.Object } c || c.String("failure_code") is not { } failureCode)
            return null;
        return new DeclineDetails(
            FailureCode: failureCode,
            DeclineCode: c.String("outcome", "reason") ?? (failureCode == "card_declined" ? null : failureCode),
            AdviceCode: c.String("outcome", "advice_code"),
            NetworkDeclineCode: c.String("outcome", "network_decline_code"),
            NetworkAdviceCode: c.String("outcome", "network_advice_code"),
            CardBrand: c.String("payment_method_details", "card", "brand"),
            CardFingerprint: c.String("payment_method_details", "card", "fingerprint"),
            PaymentMethodId: c.String("payment_method"));
    }

    /// <summary>A payment intent: its expanded latest charge, else its last payment error.</summary>
    public static DeclineDetails? FromPaymentIntent(JsonElement? intent) =>
        intent is { ValueKind: JsonValueKind.Object } pi
            ? FromCharge(pi.At("latest_charge")) ?? FromError(pi.At("last_payment_error"))
            : null;
}
