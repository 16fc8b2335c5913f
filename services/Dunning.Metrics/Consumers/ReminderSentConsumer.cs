using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>Counts reminder emails on the ledger row (when it exists; counts are informational).</summary>
public sealed class ReminderSentConsumer(ConsumerServices services) : IdempotentWriteConsumer<ReminderSent>(services)
{
    private const string Count = """
        UPDATE metrics.ledger SET reminders_sent = reminders_sent + 1 WHERE invoice_id = @invoice
        """;

    protected override IEnumerable<NpgsqlBatchCommand> Writes(ReminderSent message) =>
        [new(Count) { Parameters = { new NpgsqlParameter("invoice", message.InvoiceId) } }];
}
