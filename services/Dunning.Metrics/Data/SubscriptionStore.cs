using Dunning.Contracts;
using Dunning.Metrics.Consumers;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Metrics.Data;

/// <summary>The <c>subscriptions</c> table: when each subscription started and when and why it ended, whatever order the events arrive in.</summary>
public sealed class SubscriptionStore(ServiceDatabase database)
{
    private readonly string _start = $"""
        INSERT INTO {database.Table("subscriptions")} AS s (subscription_id, customer_id, started_at, livemode)
        VALUES (@subscription, @customer, @started, @livemode)
        ON CONFLICT (subscription_id) DO UPDATE SET started_at = LEAST(s.started_at, excluded.started_at), livemode = excluded.livemode
        """;
    private readonly string _cancel = $"""
        INSERT INTO {database.Table("subscriptions")} AS s (subscription_id, customer_id, canceled_at, cancel_reason, livemode)
        VALUES (@subscription, @customer, @canceled,
                CASE WHEN {InvoluntaryChurn.HasPaymentLossSql(database)} THEN 'payment_failed' ELSE @reason END, @livemode)
        ON CONFLICT (subscription_id) DO UPDATE SET canceled_at = excluded.canceled_at, cancel_reason = excluded.cancel_reason,
                                                    livemode = excluded.livemode
        WHERE s.canceled_at IS NULL OR excluded.canceled_at < s.canceled_at
        """;
    private readonly string _markInvoluntary = $"""
        UPDATE {database.Table("subscriptions")} SET cancel_reason = 'payment_failed'
        WHERE subscription_id = @subscription AND canceled_at IS NOT NULL AND cancel_reason IS DISTINCT FROM 'payment_failed'
        """;

    /// <summary>Records the start (the earliest start wins; a cancellation that arrived first is kept).</summary>
    public void Start(UnitOfWork unit, SubscriptionStarted started)
    {
        var command = new NpgsqlBatchCommand(_start);
        command.Parameters.AddWithValue("subscription", started.SubscriptionId);
        command.Parameters.AddWithValue("customer", started.CustomerId);
        command.Parameters.AddWithValue("started", started.StartedAt);
        command.Parameters.AddWithValue("livemode", started.Livemode);
        unit.Write(command);
    }

    /// <summary>
    /// Records when and why the subscription ended (the first cancellation wins); involuntary, whatever reason Stripe recorded,
    /// when its payment was already lost (<see cref="InvoluntaryChurn"/>).
    /// </summary>
    public void Cancel(UnitOfWork unit, SubscriptionCanceled canceled)
    {
        var command = new NpgsqlBatchCommand(_cancel);
        command.Parameters.AddWithValue("subscription", canceled.SubscriptionId);
        command.Parameters.AddWithValue("customer", canceled.CustomerId);
        command.Parameters.AddWithValue("canceled", canceled.CanceledAt);
        command.Parameters.AddWithValue("reason", (object?)canceled.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("livemode", canceled.Livemode);
        unit.Write(command);
    }

    /// <summary>A cancellation recorded before the payment's loss arrived becomes involuntary (<see cref="InvoluntaryChurn"/>).</summary>
    public void MarkInvoluntary(UnitOfWork unit, string subscriptionId) =>
        unit.Write(new NpgsqlBatchCommand(_markInvoluntary) { Parameters = { new NpgsqlParameter("subscription", subscriptionId) } });
}
