using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Notification.Data;

/// <summary>The <c>suppressions</c> table: addresses that get no email from us (checked per email by <see cref="EmailCandidateStore"/>, same key).</summary>
public sealed class SuppressionStore(NpgsqlDataSource dataSource, ServiceDatabase database)
{
    private readonly string _add = $"""
        INSERT INTO {database.Table("suppressions")} (email, reason) VALUES (@email, @reason) ON CONFLICT (email) DO NOTHING
        """;

    public async Task AddAsync(string email, string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_add);
        command.Parameters.AddWithValue("email", Key(email));
        command.Parameters.AddWithValue("reason", reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Key(string email) => email.Trim().ToLowerInvariant();
}
