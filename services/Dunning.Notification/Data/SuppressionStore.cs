using Dunning.Platform.Data;

namespace Dunning.Notification.Data;

/// <summary>
/// The <c>suppressions</c> table: addresses that get no email from us (checked per email by <see cref="EmailCandidateStore"/>,
/// same key), and its audit log <c>suppression_audit</c>. Each change and its audit row are one statement, so neither is
/// written without the other; a change that changes nothing (suppressing twice) writes no audit row.
/// </summary>
public sealed class SuppressionStore(ServiceDatabase database)
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
    public async Task<bool> AddAsync(UnitOfWork unit, string email, string reason, string actor, CancellationToken cancellationToken) =>
        await unit.ExecuteAsync(Statement.Of(_add, Key(email), reason, actor), cancellationToken) == 1;

    /// <summary>Lifts the suppression of <paramref name="email"/>, so emails go to it again; null when it was not suppressed.</summary>
    public async Task<LiftedSuppression?> LiftAsync(UnitOfWork unit, string email, string reason, string actor, CancellationToken cancellationToken)
    {
        var lifted = await unit.ReadAsync(new Query<LiftedSuppression>(Statement.Of(_lift, Key(email), reason, actor),
            row => new LiftedSuppression(row.GetString(0), row.GetFieldValue<DateTimeOffset>(1))), cancellationToken);
        return lifted.Count == 0 ? null : lifted[0];
    }

    private static string Key(string email) => email.Trim().ToLowerInvariant();
}
