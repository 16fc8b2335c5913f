using Dunning.Contracts;
using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>
/// When a cancellation counts as involuntary churn: Stripe's own <c>payment_failed</c>, or any cancellation of a
/// subscription whose payment Dunning closed as lost for payment reasons (e.g. its final action cancelled it).
/// </summary>
public static class InvoluntaryChurn
{
    public static bool IsPaymentLoss(LossReason reason) => reason is LossReason.RetriesExhausted or LossReason.HardDecline;

    public static async Task MarkAsync(string sql, string subscriptionId, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        command.Parameters.AddWithValue("subscription", subscriptionId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
