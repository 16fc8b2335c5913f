using Dunning.Contracts;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Metrics.Data;

/// <summary>
/// The <c>expiring_card_reminders</c> table, one row per reminder whatever the redeliveries or the order of its two messages:
/// the reminder fills <c>sent_at</c> and <c>renews_at</c>, the replaced card <c>replaced_at</c>; each keeps its earliest moment,
/// so a message handled twice (even under another message id) changes nothing.
/// </summary>
public sealed class ExpiringCardStore(ServiceDatabase database)
{
    private readonly string _reminded = $"""
        INSERT INTO {database.Table("expiring_card_reminders")} AS r (reminder_id, customer_id, subscription_id, renews_at, sent_at)
        VALUES (@reminder, @customer, @subscription, @renews, @sent)
        ON CONFLICT (reminder_id) DO UPDATE SET
            renews_at = coalesce(r.renews_at, excluded.renews_at),
            sent_at = LEAST(r.sent_at, excluded.sent_at)
        """;
    private readonly string _replaced = $"""
        INSERT INTO {database.Table("expiring_card_reminders")} AS r (reminder_id, customer_id, subscription_id, replaced_at)
        VALUES (@reminder, @customer, @subscription, @replaced)
        ON CONFLICT (reminder_id) DO UPDATE SET replaced_at = LEAST(r.replaced_at, excluded.replaced_at)
        """;

    public void Reminded(UnitOfWork unit, ExpiringCardReminded reminded)
    {
        var command = Row(_reminded, reminded.ReminderId, reminded.CustomerId, reminded.SubscriptionId);
        command.Parameters.AddWithValue("renews", reminded.RenewsAt);
        command.Parameters.AddWithValue("sent", reminded.SentAt);
        unit.Write(command);
    }

    public void Replaced(UnitOfWork unit, ExpiringCardReplaced replaced)
    {
        var command = Row(_replaced, replaced.ReminderId, replaced.CustomerId, replaced.SubscriptionId);
        command.Parameters.AddWithValue("replaced", replaced.CheckedAt);
        unit.Write(command);
    }

    private static NpgsqlBatchCommand Row(string sql, string reminderId, string customerId, string subscriptionId)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("reminder", reminderId);
        command.Parameters.AddWithValue("customer", customerId);
        command.Parameters.AddWithValue("subscription", subscriptionId);
        return command;
    }
}
