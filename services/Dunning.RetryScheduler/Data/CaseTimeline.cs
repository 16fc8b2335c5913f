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
    private readonly string _insertCardAttempt = $"""
        INSERT INTO {database.Table("card_attempts")} (fingerprint, at, case_id, source, amount_minor, currency, network_advice_code, brand)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """;
    private readonly string _events = $"""
        SELECT id, at, kind, attempt_source, rule, detail, decline::text FROM {database.Table("case_events")} WHERE case_id = $1 ORDER BY id
        """;
    private const string CardAttemptColumns = "at, source, amount_minor, currency, network_advice_code";
    private readonly string _cardAttempts =
        $"SELECT {CardAttemptColumns} FROM {database.Table("card_attempts")} WHERE fingerprint = $1 AND at > $2 ORDER BY at";
    // The card's attempts in a period, oldest first, and the brand Stripe last gave for the card (the compliance report).
    private readonly string _cardHistory = $"""
        SELECT {CardAttemptColumns}, brand FROM {database.Table("card_attempts")} WHERE fingerprint = $1 AND at > $2 AND at <= $3 ORDER BY at
        """;
    // The case's attempts (oldest first; of one moment, in the order written) and its card's: one read, after the case's own writes.
    private readonly string _attempts = $"""
        SELECT true AS of_case, id, at, attempt_source, decline::text, NULL::bigint, NULL::text, NULL::text FROM {database.Table("case_events")}
        WHERE case_id = $1 AND kind = '{TimelineKind.Attempt.Name()}' AND attempt_source IS NOT NULL
        UNION ALL
        SELECT false, NULL, at, source, NULL, amount_minor, currency, network_advice_code FROM {database.Table("card_attempts")}
        WHERE fingerprint = $2 AND at > $3
        ORDER BY of_case DESC, at, id
        """;

    /// <summary>Adds the entry; an attempt on a known card (<paramref name="card"/>) also counts on that card's budget.</summary>
    public void Add(UnitOfWork unit, Guid caseId, TimelineEntry entry, AttemptCard? card)
    {
        AddCardAttempt(unit, caseId, entry, card);
        unit.Write(Statement.Of(_insertEvent, EventValues(caseId, entry)));
    }

    /// <summary>Adds the entry (as <see cref="Add"/>) and returns its id, which names the message it publishes.</summary>
    public async Task<long> AddForIdAsync(UnitOfWork unit, Guid caseId, TimelineEntry entry, AttemptCard? card, CancellationToken cancellationToken)
    {
        AddCardAttempt(unit, caseId, entry, card);
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
    public async Task<(IReadOnlyList<PastAttempt> OfCase, IReadOnlyList<CardAttempt> OnCard)> AttemptsAsync(UnitOfWork unit, Guid caseId,
        string? cardFingerprint, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var rows = await unit.ReadAsync(new Query<(PastAttempt? OfCase, CardAttempt? OnCard)>(Statement.Of(_attempts, caseId, cardFingerprint, since),
            row => row.GetBoolean(0)
                ? (new PastAttempt(row.GetFieldValue<DateTimeOffset>(2), Enum.Parse<AttemptSource>(row.GetString(3)), Decline(row, 4) ?? DeclineDetails.None),
                    null)
                : (null, ReadCardAttempt(row, 2))), cancellationToken);
        return ([.. rows.Select(r => r.OfCase).OfType<PastAttempt>()], [.. rows.Select(r => r.OnCard).OfType<CardAttempt>()]);
    }

    /// <summary>The attempts on the card after <paramref name="since"/>, oldest first.</summary>
    public Task<IReadOnlyList<CardAttempt>> CardAttemptsAsync(UnitOfWork unit, string cardFingerprint, DateTimeOffset since,
        CancellationToken cancellationToken) =>
        unit.ReadAsync(new Query<CardAttempt>(Statement.Of(_cardAttempts, cardFingerprint, since), row => ReadCardAttempt(row, 0)), cancellationToken);

    /// <summary>The attempts on the card in (<paramref name="since"/>, <paramref name="until"/>], oldest first, and the card's latest known brand.</summary>
    public async Task<(IReadOnlyList<CardAttempt> Attempts, string? Brand)> CardHistoryAsync(UnitOfWork unit, string cardFingerprint,
        DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var rows = await unit.ReadAsync(new Query<(CardAttempt Attempt, string? Brand)>(Statement.Of(_cardHistory, cardFingerprint, since, until),
            row => (ReadCardAttempt(row, 0), Text(row, 5))), cancellationToken);
        return ([.. rows.Select(r => r.Attempt)], rows.Select(r => r.Brand).LastOrDefault(brand => brand is not null));
    }

    private void AddCardAttempt(UnitOfWork unit, Guid caseId, TimelineEntry entry, AttemptCard? card)
    {
        if (entry.Kind == TimelineKind.Attempt && card is not null)
            unit.Write(Statement.Of(_insertCardAttempt, card.Fingerprint, entry.At, caseId, entry.Source.ToString(), card.Amount.Minor, card.Amount.Currency,
                entry.Decline?.NetworkAdviceCode, card.Brand));
    }

    /// <summary>A card attempt from <see cref="CardAttemptColumns"/>, starting at column <paramref name="first"/>.</summary>
    private static CardAttempt ReadCardAttempt(NpgsqlDataReader row, int first) => new(row.GetFieldValue<DateTimeOffset>(first),
        Enum.Parse<AttemptSource>(row.GetString(first + 1)),
        row.IsDBNull(first + 2) || row.IsDBNull(first + 3) ? null : new AttemptAmount(row.GetInt64(first + 2), row.GetString(first + 3)),
        Text(row, first + 4));

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

/// <summary>The card an attempt was made on, and the amount of the invoice it paid: what the network rules count it by.</summary>
public sealed record AttemptCard(string Fingerprint, string? Brand, AttemptAmount Amount);
