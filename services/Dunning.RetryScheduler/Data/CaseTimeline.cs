using System.Text.Json;
using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Outbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Domain;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.RetryScheduler.Data;

/// <summary>
/// The case timeline (<c>case_events</c>) and the per-card attempt log (<c>card_attempts</c>), in a unit of work (for
/// <see cref="CaseRepository"/>): every attempt is written to both, so the schedule's history and the network budgets see the same facts.
/// </summary>
public sealed class CaseTimeline(ServiceDatabase database)
{
    private const string EventColumns = "case_id, at, kind, attempt_source, rule, detail, decline";
    private readonly string _insertEvent = $"INSERT INTO {database.Table("case_events")} ({EventColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    private readonly string _insertEventReturningId =
        $"INSERT INTO {database.Table("case_events")} ({EventColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    private readonly string _insertCardAttempt = $"INSERT INTO {database.Table("card_attempts")} (fingerprint, at, case_id, source) VALUES ($1, $2, $3, $4)";
    private readonly string _events = $"""
        SELECT id, at, kind, attempt_source, rule, detail, decline::text FROM {database.Table("case_events")} WHERE case_id = $1 ORDER BY id
        """;
    private readonly string _cardAttempts = $"SELECT at FROM {database.Table("card_attempts")} WHERE fingerprint = $1 AND at > $2 ORDER BY at";
    // The case's attempts (oldest first; of one moment, in the order written) and its card's: one read, after the case's own writes.
    private readonly string _attempts = $"""
        SELECT true AS of_case, id, at, attempt_source, decline::text FROM {database.Table("case_events")}
        WHERE case_id = $1 AND kind = '{TimelineKind.Attempt.Name()}' AND attempt_source IS NOT NULL
        UNION ALL
        SELECT false, NULL, at, NULL, NULL FROM {database.Table("card_attempts")} WHERE fingerprint = $2 AND at > $3
        ORDER BY of_case DESC, at, id
        """;

    /// <summary>Adds the entry; an attempt on a known card (<paramref name="cardFingerprint"/>) also counts on that card's budget.</summary>
    public void Add(UnitOfWork unit, Guid caseId, TimelineEntry entry, string? cardFingerprint)
    {
        AddCardAttempt(unit, caseId, entry, cardFingerprint);
        unit.Write(Statement.Of(_insertEvent, EventValues(caseId, entry)));
    }

    /// <summary>Adds the entry (as <see cref="Add"/>) and returns its id, which names the message it publishes.</summary>
    public async Task<long> AddForIdAsync(UnitOfWork unit, Guid caseId, TimelineEntry entry, string? cardFingerprint, CancellationToken cancellationToken)
    {
        AddCardAttempt(unit, caseId, entry, cardFingerprint);
        var ids = await unit.ReadAsync(new Query<long>(Statement.Of(_insertEventReturningId, EventValues(caseId, entry)), row => row.GetInt64(0)),
            cancellationToken);
        return ids[0];
    }

    public Task<IReadOnlyList<CaseEvent>> EventsAsync(UnitOfWork unit, Guid caseId, CancellationToken cancellationToken) =>
        unit.ReadAsync(new Query<CaseEvent>(Statement.Of(_events, caseId), row => new CaseEvent(row.GetInt64(0), row.GetFieldValue<DateTimeOffset>(1),
            TimelineKinds.Parse(row.GetString(2)), Text(row, 3), Text(row, 4), Text(row, 5), Decline(row, 6))), cancellationToken);

    /// <summary>
    /// The case's attempts on the invoice (declined ones; a success closes the case), and the attempts on its card after
    /// <paramref name="since"/>.
    /// </summary>
    public async Task<(IReadOnlyList<PastAttempt> OfCase, IReadOnlyList<DateTimeOffset> OnCard)> AttemptsAsync(UnitOfWork unit, Guid caseId,
        string? cardFingerprint, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var rows = await unit.ReadAsync(new Query<(bool OfCase, PastAttempt Attempt)>(Statement.Of(_attempts, caseId, cardFingerprint, since),
            row => (row.GetBoolean(0), new PastAttempt(row.GetFieldValue<DateTimeOffset>(2),
                row.IsDBNull(3) ? default : Enum.Parse<AttemptSource>(row.GetString(3)), Decline(row, 4) ?? DeclineDetails.None))), cancellationToken);
        return ([.. rows.Where(r => r.OfCase).Select(r => r.Attempt)], [.. rows.Where(r => !r.OfCase).Select(r => r.Attempt.At)]);
    }

    /// <summary>The attempts on the card after <paramref name="since"/>, oldest first.</summary>
    public Task<IReadOnlyList<DateTimeOffset>> CardAttemptsAsync(UnitOfWork unit, string cardFingerprint, DateTimeOffset since,
        CancellationToken cancellationToken) =>
        unit.ReadAsync(new Query<DateTimeOffset>(Statement.Of(_cardAttempts, cardFingerprint, since), row => row.GetFieldValue<DateTimeOffset>(0)),
            cancellationToken);

    private void AddCardAttempt(UnitOfWork unit, Guid caseId, TimelineEntry entry, string? cardFingerprint)
    {
        if (entry.Kind == TimelineKind.Attempt && cardFingerprint is not null)
            unit.Write(Statement.Of(_insertCardAttempt, cardFingerprint, entry.At, caseId, entry.Source.ToString()));
    }

    private static object?[] EventValues(Guid caseId, TimelineEntry entry) =>
    [
        caseId, entry.At, entry.Kind.Name(), entry.Source?.ToString(), entry.Rule, entry.Detail,
        new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Jsonb,
            Value = entry.Decline is null ? DBNull.Value : JsonSerializer.Serialize(entry.Decline, MessageJson.Options),
        },
    ];

    private static DeclineDetails? Decline(NpgsqlDataReader row, int i) =>
        row.IsDBNull(i) ? null : JsonSerializer.Deserialize<DeclineDetails>(row.GetString(i), MessageJson.Options);

    private static string? Text(NpgsqlDataReader row, int i) => row.IsDBNull(i) ? null : row.GetString(i);
}
