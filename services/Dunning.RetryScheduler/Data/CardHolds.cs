using Dunning.Platform.Data;
using Dunning.RetryScheduler.Domain;

namespace Dunning.RetryScheduler.Data;

/// <summary>
/// The attempts of ours a network rule held back (<c>card_holds</c>), in a unit of work (for <see cref="CaseRepository"/>): one row
/// per case, pay call, card and rule; an attempt held again keeps its row with the latest outcome.
/// </summary>
public sealed class CardHolds(ServiceDatabase database)
{
    private readonly string _upsert = $"""
        INSERT INTO {database.Table("card_holds")} (fingerprint, case_id, pay_call, rule, at, held_until) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (case_id, pay_call, fingerprint, rule) DO UPDATE SET at = EXCLUDED.at, held_until = EXCLUDED.held_until
        """;
    private readonly string _ofCard = $"""
        SELECT case_id, pay_call, rule, at, held_until FROM {database.Table("card_holds")} WHERE fingerprint = $1 AND at > $2 AND at <= $3 ORDER BY at
        """;

    public void Add(UnitOfWork unit, CardHold hold) =>
        unit.Write(Statement.Of(_upsert, hold.CardFingerprint, hold.CaseId, hold.PayCall, hold.Rule, hold.At, hold.Until));

    /// <summary>The card's holds whose attempt would have gone in (<paramref name="since"/>, <paramref name="until"/>].</summary>
    public Task<IReadOnlyList<CardHold>> OfCardAsync(UnitOfWork unit, string fingerprint, DateTimeOffset since, DateTimeOffset until,
        CancellationToken cancellationToken) =>
        unit.ReadAsync(new Query<CardHold>(Statement.Of(_ofCard, fingerprint, since, until), row => new CardHold(fingerprint, row.GetGuid(0), row.GetInt32(1),
            row.GetString(2), row.GetFieldValue<DateTimeOffset>(3), row.IsDBNull(4) ? null : row.GetFieldValue<DateTimeOffset>(4))), cancellationToken);
}
