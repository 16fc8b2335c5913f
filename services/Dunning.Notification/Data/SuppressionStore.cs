using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Notification.Data;

/// <summary>
/// The <c>suppressions</c> table: addresses that get no email from us (checked per email by <see cref="EmailCandidateStore"/>,
/// same key), and its audit log <c>suppression_audit</c>. Each change and its audit row are one statement, so neither is
/// written without the other; a change that changes nothing (suppressing twice) writes no audit row.
/// </summary>
public sealed class SuppressionStore(NpgsqlDataSource dataSource, ServiceDatabase database)
{
    private readonly string _add = $"""
        WITH added AS (
            INSERT INTO {database.Table("suppressions")} (email, reason) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING RETURNING email)
        INSERT INTO {database.Table("suppression_audit")} (email, action, actor, reason) SELECT email, 'suppressed', $3, $2 FROM added
        """;

    private readonly string _lift = $"""
        WITH lifted AS (DELETE FROM {database.Table("suppressions")} WHERE email = $1 RETURNING email, reason, created_at),
             audited AS (
                INSERT INTO {database.Table("suppression_audit")} (email, action, actor, reason) SELECT email, 'lifted', $3, $2 FROM lifted)
        SELECT reason, created_at FROM lifted
        """;

    /// <summary>Suppresses <paramref name="email"/>; false when it already was.</summary>
    public async Task<bool> AddAsync(string email, string reason, string actor, CancellationToken cancellationToken)
    {
        await using var command = Command(_add, email, reason, actor);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Lifts the suppression of <paramref name="email"/>, so emails go to it again; null when it was not suppressed.</summary>
    public async Task<LiftedSuppression?> LiftAsync(string email, string reason, string actor, CancellationToken cancellationToken)
    {
        await using var command = Command(_lift, email, reason, actor);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new LiftedSuppression(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)) : null;
    }

    private NpgsqlCommand Command(string sql, string email, string reason, string actor)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = Key(email) });
        command.Parameters.Add(new NpgsqlParameter { Value = reason });
        command.Parameters.Add(new NpgsqlParameter { Value = actor });
        return command;
    }

    private static string Key(string email) => email.Trim().ToLowerInvariant();
}
