using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// The sandbox's Smart-Retries-like mode (<see cref="SmartRetryOptions"/>): when an automatic attempt fails, the invoice
/// of a renewal invoice gets a real next_payment_attempt, and when its test clock reaches it (as it advances), the sandbox
/// makes that attempt itself — attempt_count + 1, the same events as a renewal's attempt — up to the configured tries.
/// Stripe does not retry without a payment method (docs.stripe.com/billing/revenue-recovery/smart-retries). Not modelled
/// (not confirmed here): Stripe's hard-decline list (every declined automatic attempt is retried), and retries of a
/// subscription's first invoice (the sandbox retries renewals only; a first invoice leaves the subscription incomplete).
/// </summary>
public sealed class SmartRetries(StripeStore store, IOptions<SandboxOptions> options)
{
    private SmartRetryOptions Settings => options.Value.SmartRetries;

    public bool Enabled => Settings.Enabled;

    public string FinalStatus => Settings.FinalStatus;

    /// <summary>Seconds between automatic tries: the window spread evenly over the tries after the first.</summary>
    public long Spacing => Math.Max(1, (long)(Settings.WindowDays * 86_400 / Math.Max(1, Settings.Tries - 1)));

    /// <summary>When the next automatic try is due after a failed automatic attempt at <paramref name="now"/>; null when none is left.</summary>
    public long? NextAttempt(JsonObject invoice, long now) =>
        Settings.Enabled && invoice.Str("billing_reason") == "subscription_cycle" && invoice.Long("attempt_count") < Settings.Tries
            ? now + Spacing
            : null;

    /// <summary>The earliest retry due at or before <paramref name="until"/> on this test clock.</summary>
    public JsonObject? NextDue(string? testClockId, long until) =>
        store.All("invoice")
            .Where(i => i.Str("status") == "open" && i.Str("test_clock") == testClockId
                && i["next_payment_attempt"] is JsonValue v && v.TryGetValue<long>(out var at) && at <= until)
            .MinBy(i => i.Long("next_payment_attempt"));
}
