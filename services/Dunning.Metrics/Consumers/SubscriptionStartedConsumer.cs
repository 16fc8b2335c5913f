using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>Records when a subscription started (the earliest start wins; a cancel that arrived first is kept).</summary>
public sealed class SubscriptionStartedConsumer(ConsumerServices services) : IdempotentWriteConsumer<SubscriptionStarted>(services)
{
    private const string Start = """
        INSERT INTO metrics.subscriptions AS s (subscription_id, customer_id, started_at, livemode)
        VALUES (@subscription, @customer, @started, @livemode)
        ON CONFLICT (subscription_id) DO UPDATE SET started_at = LEAST(s.started_at, excluded.started_at), livemode = excluded.livemode
        """;

    protected override IEnumerable<NpgsqlBatchCommand> Writes(SubscriptionStarted message)
    {
        var command = new NpgsqlBatchCommand(Start);
        command.Parameters.AddWithValue("subscription", message.SubscriptionId);
        command.Parameters.AddWithValue("customer", message.CustomerId);
        command.Parameters.AddWithValue("started", message.StartedAt);
        command.Parameters.AddWithValue("livemode", message.Livemode);
        return [command];
    }
}
