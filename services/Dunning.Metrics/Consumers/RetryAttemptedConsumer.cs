using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>Counts retry attempts on the ledger row (when it exists; counts are informational).</summary>
public sealed class RetryAttemptedConsumer(ConsumerServices services) : IdempotentConsumer<RetryAttempted>(services)
{
    private const string Count = """
        UPDATE metrics.ledger SET retry_attempts = GREATEST(retry_attempts, @attempt) WHERE invoice_id = @invoice
        """;

    protected override async Task HandleAsync(RetryAttempted message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Count, transaction.Connection, transaction);
        command.Parameters.AddWithValue("invoice", message.InvoiceId);
        command.Parameters.AddWithValue("attempt", message.AttemptNumber);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
