using Npgsql;

namespace Dunning.Metrics.Consumers;

/// <summary>The parameters every ledger close (recovered or lost) binds, validated first.</summary>
public static class LedgerClose
{
    public static void Bind(NpgsqlParameterCollection parameters, string invoiceId, string customerId, string? subscriptionId, long amountMinor,
        string currency, DateTimeOffset failedAt, DateTimeOffset closedAt)
    {
        LedgerMessageGuard.EnsureValid(amountMinor, currency);
        parameters.AddWithValue("invoice", invoiceId);
        parameters.AddWithValue("customer", customerId);
        parameters.AddWithValue("subscription", (object?)subscriptionId ?? DBNull.Value);
        parameters.AddWithValue("amount", amountMinor);
        parameters.AddWithValue("currency", currency.ToLowerInvariant());
        parameters.AddWithValue("failed", failedAt);
        parameters.AddWithValue("closed", closedAt);
    }
}
