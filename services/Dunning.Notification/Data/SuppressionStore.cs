using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Notification.Data;

/// <summary>The <c>suppressions</c> table: addresses that get no email from us.</summary>
public sealed class SuppressionStore(NpgsqlDataSource dataSource, ServiceDatabase database)
{
    private readonly string _add = $"""
        INSERT INTO {database.Table("suppressions")} (email, reason) VALUES (@email, @reason) ON CONFLICT (email) DO NOTHING
        """;
    private readonly string _exists = $"SELECT 1 FROM {database.Table("suppressions")} WHERE email = @email";

    public async Task AddAsync(string email, string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_add);
        command.Parameters.AddWithValue("email", Key(email));
        command.Parameters.AddWithValue("reason", reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> IsSuppressedAsync(NpgsqlTransaction transaction, string email, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_exists, transaction.Connection, transaction);
        command.Parameters.AddWithValue("email", Key(email));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static string Key(string email) => email.Trim().ToLowerInvariant();
}
