using Npgsql;
using NpgsqlTypes;

namespace Dunning.Bench.Webhook;

/// <summary>The raw reference: the same durable work with nothing around it — insert the event (inbox) and one outbox row, one transaction.</summary>
public static class PostgresReference
{
    private const string Schema = """
        CREATE SCHEMA IF NOT EXISTS benchref;
        CREATE TABLE IF NOT EXISTS benchref.events (id text PRIMARY KEY, type text NOT NULL, created_at timestamptz NOT NULL, payload jsonb NOT NULL);
        CREATE TABLE IF NOT EXISTS benchref.outbox (id uuid PRIMARY KEY, message_type text NOT NULL, body jsonb NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz);
        """;

    public static async Task<int> RunAsync(string connectionString, int seconds, int concurrency)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var create = dataSource.CreateCommand(Schema)) await create.ExecuteNonQueryAsync();
        var runId = Guid.NewGuid().ToString("N")[..8];
        return await Measurement.RunAsync("postgres", seconds, concurrency, null, async n =>
        {
            var body = Payload.PaymentFailed($"evt_{runId}_{n}", $"in_{runId}_{n}");
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var insert = new NpgsqlCommand(
                "INSERT INTO benchref.events VALUES (@id, 'invoice.payment_failed', now(), @payload) ON CONFLICT DO NOTHING", connection, transaction))
            {
                insert.Parameters.AddWithValue("id", $"evt_{runId}_{n}");
                insert.Parameters.AddWithValue("payload", NpgsqlDbType.Jsonb, body);
                await insert.ExecuteNonQueryAsync();
            }
            await using (var outbox = new NpgsqlCommand(
                "INSERT INTO benchref.outbox (id, message_type, body) VALUES (@id, 'PaymentFailed', @body) ON CONFLICT DO NOTHING", connection, transaction))
            {
                outbox.Parameters.AddWithValue("id", Guid.NewGuid());
                outbox.Parameters.AddWithValue("body", NpgsqlDbType.Jsonb, """{"invoiceId":"in_x","amountMinor":1000}""");
                await outbox.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
            return true;
        });
    }
}
