using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Support;

/// <summary>What a test reads back from the scheduler's schema.</summary>
public static class CaseQueries
{
    public static async Task<string?> StatusAsync(this TestDatabase database, string invoiceId)
    {
        await using var command =
            database.DataSource.CreateCommand("SELECT status || ':' || coalesce(outcome, '') FROM scheduler.cases WHERE invoice_id = @id");
        command.Parameters.AddWithValue("id", invoiceId);
        return await command.ExecuteScalarAsync() as string;
    }

    public static async Task<Guid> CaseIdAsync(this TestDatabase database, string invoiceId)
    {
        await using var command = database.DataSource.CreateCommand("SELECT id FROM scheduler.cases WHERE invoice_id = @id");
        command.Parameters.AddWithValue("id", invoiceId);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Messages of one type in the outbox (each is published once, by its derived id).</summary>
    public static Task<long> OutboxCountAsync(this TestDatabase database, string messageType) =>
        database.CountAsync($"SELECT count(*) FROM scheduler.outbox WHERE message_type LIKE '%{messageType}'");
}
