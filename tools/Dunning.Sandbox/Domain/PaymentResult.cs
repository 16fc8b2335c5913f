using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>The result of one invoice payment attempt; <see cref="Error"/> is Stripe's card_error when it failed.</summary>
public sealed record PaymentResult(string Outcome, JsonObject? Charge, JsonObject? Error)
{
    public bool Succeeded => Outcome is "succeeded" or "paid_out_of_band";

    public string? DeclineCode => Error?["decline_code"]?.GetValue<string>();
}
