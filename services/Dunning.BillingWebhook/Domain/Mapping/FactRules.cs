namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>
/// The ordering rule: a blocking fact (the invoice was paid, or voided) is final in Stripe, so a message it blocks
/// is never published, however late its event arrives or however early it was created; a once-only fact already
/// known is not published again.
/// </summary>
public static class FactRules
{
    public static bool MayPublish(Outgoing outgoing, IReadOnlySet<string> knownFacts) =>
        !outgoing.BlockedBy.Any(knownFacts.Contains) && !(outgoing.Once && knownFacts.Contains(outgoing.Fact));
}
