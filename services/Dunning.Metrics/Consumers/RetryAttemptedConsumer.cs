using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>Counts retry attempts on the ledger row (when it exists; counts are informational).</summary>
public sealed class RetryAttemptedConsumer(ConsumerServices services) : IdempotentWriteConsumer<RetryAttempted>(services)
{
    private const string Count = """
        UPDATE metrics.ledger SET retry_attempts = GREATEST(retry_attempts, @attempt) WHERE invoice_id = @invoice
        """;

    protected override IEnumerable<NpgsqlBatchCommand> Writes(RetryAttempted message) =>
        [new(Count) { Parameters = { new NpgsqlParameter("invoice", message.InvoiceId), new NpgsqlParameter("attempt", message.AttemptNumber) } }];
}
