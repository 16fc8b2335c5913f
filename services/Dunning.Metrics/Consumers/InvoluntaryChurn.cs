using Dunning.Contracts;
using Dunning.Platform.Data;

namespace Dunning.Metrics.Consumers;

/// <summary>
/// When a cancellation counts as involuntary churn: Stripe's own <c>payment_failed</c>, or any cancellation of a
/// subscription whose payment Dunning closed as lost for payment reasons (e.g. its final action cancelled it, which
/// Stripe records as <c>cancellation_requested</c>). The one place this rule lives.
/// </summary>
public static class InvoluntaryChurn
{
    /// <summary>SQL: the subscription <c>@subscription</c> has a payment lost for payment reasons.</summary>
    public static string HasPaymentLossSql(ServiceDatabase database) => $"""
        EXISTS (SELECT 1 FROM {database.Table("ledger")} WHERE subscription_id = @subscription AND outcome = 'lost'
                AND loss_reason IN ('RetriesExhausted', 'HardDecline'))
        """;

    public static bool IsPaymentLoss(LossReason reason) => reason is LossReason.RetriesExhausted or LossReason.HardDecline;
}
