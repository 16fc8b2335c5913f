using Dunning.Notification.Domain;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Notification.Data;

/// <summary>
/// Reads everything an email job checks before sending in one round trip: the case row, the suppression of its address
/// (the same key as <see cref="SuppressionStore"/>: trimmed, lower-cased), the send record of the step and the customer's
/// preferred languages if Stripe's customer events told them (<see cref="CustomerLocaleStore"/>), and the time of the case's
/// test clock if it runs on one.
/// </summary>
public sealed class EmailCandidateStore(ServiceDatabase database)
{
    private readonly string _get = $"""
        SELECT c.invoice_id, c.customer_id, c.subscription_id, c.email, c.locale, c.amount_minor, c.currency, c.hosted_url,
               c.decline_kind, c.status,
               EXISTS (SELECT 1 FROM {database.Table("suppressions")} s WHERE s.email = lower(btrim(c.email, E' \t\r\n'))),
               EXISTS (SELECT 1 FROM {database.Table("sent_emails")} e WHERE e.invoice_id = c.invoice_id AND e.step = $2),
               l.preferred_locales,
               (SELECT t.frozen_time FROM {database.Table("test_clocks")} t WHERE t.clock_id = c.clock_id)
        FROM {database.Table("cases")} c LEFT JOIN {database.Table("customer_locales")} l ON l.customer_id = c.customer_id
        WHERE c.invoice_id = $1
        """;

    public async Task<EmailCandidate> GetAsync(UnitOfWork unit, string invoiceId, string step, CancellationToken cancellationToken)
    {
        var candidates = await unit.ReadAsync(new Query<EmailCandidate>(Statement.Of(_get, invoiceId, step), Candidate), cancellationToken);
        return candidates.Count == 0 ? new EmailCandidate(null, false, false, null, null) : candidates[0];
    }

    private static EmailCandidate Candidate(NpgsqlDataReader reader)
    {
        var dunningCase = new NotificationCase(reader.GetString(0), reader.GetString(1), NullableString(reader, 2), NullableString(reader, 3),
            NullableString(reader, 4), reader.GetInt64(5), reader.GetString(6), NullableString(reader, 7),
            Enum.Parse<DeclineKind>(reader.GetString(8)), Enum.Parse<CaseStatus>(reader.GetString(9)));
        return new EmailCandidate(dunningCase, reader.GetBoolean(10), reader.GetBoolean(11), reader.IsDBNull(12) ? null : reader.GetFieldValue<string[]>(12),
            reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13));
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
