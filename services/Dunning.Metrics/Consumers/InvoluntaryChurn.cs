using Dunning.Contracts;
using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>
/// When a cancellation counts as involuntary churn: Stripe's own <c>payment_failed</c>, or any cancellation of a
/// subscription whose payment Dunning closed as lost for payment reasons (e.g. its final action cancelled it, which
/// Stripe records as <c>cancellation_requested</c>). The one place this rule lives.
/// </summary>
public static class InvoluntaryChurn
{
    /// <summary>SQL: the subscription <c>@subscription</c> has a payment lost for payment reasons.</summary>
    public const string HasPaymentLossSql = """
        EXISTS (SELECT 1 FROM metrics.ledger WHERE subscription_id = @subscription AND outcome = 'lost'
                AND loss_reason IN ('RetriesExhausted', 'HardDecline'))
        """;

    private const string MarkCanceledSql = """
        UPDATE metrics.subscriptions SET cancel_reason = 'payment_failed'
        WHERE subscription_id = @subscription AND canceled_at IS NOT NULL AND cancel_reason IS DISTINCT FROM 'payment_failed'
        """;

    public static bool IsPaymentLoss(LossReason reason) => reason is LossReason.RetriesExhausted or LossReason.HardDecline;

    /// <summary>A cancellation recorded before the loss arrived becomes involuntary (sent in the close's round trip).</summary>
    public static NpgsqlBatchCommand MarkCanceled(string subscriptionId) =>
        new(MarkCanceledSql) { Parameters = { new NpgsqlParameter("subscription", subscriptionId) } };
}
