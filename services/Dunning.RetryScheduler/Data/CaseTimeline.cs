using System.Text.Json;
using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Outbox;
using Dunning.RetryScheduler.Domain;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.RetryScheduler.Data;

/// <summary>One entry of a case's timeline.</summary>
public sealed record CaseEvent(long Id, DateTimeOffset At, string Kind, string? AttemptSource, string? Rule, string? Detail, DeclineDetails? Decline);

/// <summary>
/// The case timeline (<c>case_events</c>) and the per-card attempt log (<c>card_attempts</c>): every attempt is
/// written to both, so the schedule's history and the network budgets see the same facts.
/// </summary>
public sealed class CaseTimeline(ServiceDatabase database)
{
    public const string AttemptKind = "attempt";

    private readonly string _insertEvent = $"""
        INSERT INTO {database.Table("case_events")} (case_id, at, kind, attempt_source, rule, detail, decline)
        VALUES (@case, @at, @kind, @source, @rule, @detail, @decline) RETURNING id
        """;
    private readonly string _insertCardAttempt = $"INSERT INTO {database.Table("card_attempts")} (fingerprint, at, case_id, source) VALUES (@fp, @at, @case, @source)";
    private readonly string _events = $"SELECT id, at, kind, attempt_source, rule, detail, decline::text FROM {database.Table("case_events")} WHERE case_id = @case ORDER BY id";
    private readonly string _cardAttempts = $"SELECT at FROM {database.Table("card_attempts")} WHERE fingerprint = @fp AND at > @since ORDER BY at";

    /// <summary>Adds a decision or note; returns its id (unique, used to derive message source ids).</summary>
    public async Task<long> NoteAsync(NpgsqlTransaction transaction, Guid caseId, DateTimeOffset at, string kind, string? rule, string? detail, CancellationToken cancellationToken) =>
        await InsertEventAsync(transaction, caseId, at, kind, null, rule, detail, null, cancellationToken);

    /// <summary>Records an attempt on the invoice in the timeline and on the card's budget.</summary>
    public async Task<long> AttemptAsync(NpgsqlTransaction transaction, DunningCase c, DateTimeOffset at, AttemptSource source, DeclineDetails? decline, string? detail, CancellationToken cancellationToken)
    {
        var fingerprint = decline?.CardFingerprint ?? c.CardFingerprint;
        if (fingerprint is not null)
        {
            await using var command = new NpgsqlCommand(_insertCardAttempt, transaction.Connection, transaction);
            command.Parameters.AddWithValue("fp", fingerprint);
            command.Parameters.AddWithValue("at", at);
            command.Parameters.AddWithValue("case", c.Id);
            command.Parameters.AddWithValue("source", source.ToString());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var rule = decline is null ? null : DeclineRules.Match(decline).Name;
        return await InsertEventAsync(transaction, c.Id, at, AttemptKind, source.ToString(), rule, detail, decline, cancellationToken);
    }

    public async Task<List<CaseEvent>> EventsAsync(NpgsqlTransaction transaction, Guid caseId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_events, transaction.Connection, transaction);
        command.Parameters.AddWithValue("case", caseId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<CaseEvent>();
        while (await reader.ReadAsync(cancellationToken))
            events.Add(new CaseEvent(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                Text(reader, 3), Text(reader, 4), Text(reader, 5),
                reader.IsDBNull(6) ? null : JsonSerializer.Deserialize<DeclineDetails>(reader.GetString(6), MessageJson.Options)));
        return events;
    }

    /// <summary>The schedule's input: the case's attempts (declined ones; a success closes the case).</summary>
    public async Task<CaseHistory> HistoryAsync(NpgsqlTransaction transaction, DunningCase c, CancellationToken cancellationToken)
    {
        var attempts = (await EventsAsync(transaction, c.Id, cancellationToken))
            .Where(e => e.Kind == AttemptKind && e.AttemptSource is not null)
            .Select(e => new PastAttempt(e.At, Enum.Parse<AttemptSource>(e.AttemptSource!), e.Decline ?? DeclineDetails.None))
            .OrderBy(a => a.At)
            .ToList();
        return new CaseHistory(c.Id, c.FailedAt, attempts, c.TimeZone);
    }

    /// <summary>Attempts on the card in the longest budget period before <paramref name="now"/>.</summary>
    public async Task<CardBudgetState> CardBudgetAsync(NpgsqlTransaction transaction, string? fingerprint, string? brand, DateTimeOffset now, TimeSpan lookBack, CancellationToken cancellationToken)
    {
        if (fingerprint is null) return CardBudgetState.Empty(brand);
        await using var command = new NpgsqlCommand(_cardAttempts, transaction.Connection, transaction);
        command.Parameters.AddWithValue("fp", fingerprint);
        command.Parameters.AddWithValue("since", now - lookBack);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var attempts = new List<DateTimeOffset>();
        while (await reader.ReadAsync(cancellationToken))
            attempts.Add(reader.GetFieldValue<DateTimeOffset>(0));
        return new CardBudgetState(brand, attempts);
    }

    private async Task<long> InsertEventAsync(NpgsqlTransaction transaction, Guid caseId, DateTimeOffset at, string kind, string? source, string? rule, string? detail, DeclineDetails? decline, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_insertEvent, transaction.Connection, transaction);
        command.Parameters.AddWithValue("case", caseId);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("source", (object?)source ?? DBNull.Value);
        command.Parameters.AddWithValue("rule", (object?)rule ?? DBNull.Value);
        command.Parameters.AddWithValue("detail", (object?)detail ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter("decline", NpgsqlDbType.Jsonb) { Value = decline is null ? DBNull.Value : JsonSerializer.Serialize(decline, MessageJson.Options) });
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
