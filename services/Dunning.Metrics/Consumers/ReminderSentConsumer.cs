using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>Counts reminder emails on the ledger row (when it exists; counts are informational).</summary>
public sealed class ReminderSentConsumer(ConsumerServices services) : IdempotentConsumer<ReminderSent>(services)
{
    private const string Count = """
        UPDATE metrics.ledger SET reminders_sent = reminders_sent + 1 WHERE invoice_id = @invoice
        """;

    protected override async Task HandleAsync(ReminderSent message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Count, transaction.Connection, transaction);
        command.Parameters.AddWithValue("invoice", message.InvoiceId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
