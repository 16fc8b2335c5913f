using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>The parameters every ledger close (recovered or lost) binds, validated first.</summary>
public static class LedgerClose
{
    public static void Bind(NpgsqlCommand command, string invoiceId, string customerId, string? subscriptionId, long amountMinor,
        string currency, DateTimeOffset failedAt, DateTimeOffset closedAt)
    {
        LedgerMessageGuard.EnsureValid(amountMinor, currency);
        command.Parameters.AddWithValue("invoice", invoiceId);
        command.Parameters.AddWithValue("customer", customerId);
        command.Parameters.AddWithValue("subscription", (object?)subscriptionId ?? DBNull.Value);
        command.Parameters.AddWithValue("amount", amountMinor);
        command.Parameters.AddWithValue("currency", currency.ToLowerInvariant());
        command.Parameters.AddWithValue("failed", failedAt);
        command.Parameters.AddWithValue("closed", closedAt);
    }
}
