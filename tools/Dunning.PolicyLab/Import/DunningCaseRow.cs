using System.Text.Json;
using Dunning.Contracts;
using Dunning.Lab.History;
using Dunning.Platform.Outbox;
using Dunning.RetryScheduler.Domain;
using Npgsql;

namespace Dunning.PolicyLab.Import;

/// <summary>One attempt on a case's timeline: its decline (null: the attempt paid) and who made it.</summary>
public sealed record DunningAttemptRow(Guid CaseId, DateTimeOffset At, AttemptSource Source, DeclineDetails? Decline)
{
    public static DunningAttemptRow Read(NpgsqlDataReader row) => new(row.GetGuid(0), row.GetFieldValue<DateTimeOffset>(1),
        Enum.Parse<AttemptSource>(row.GetString(2)),
        row.IsDBNull(3) ? null : JsonSerializer.Deserialize<DeclineDetails>(row.GetString(3), MessageJson.Options));
}

/// <summary>
/// One case with the ledger's word on how it ended (the ledger is the figures' source: an amount recovered there is what the reports
/// count); while the ledger has not heard of the case, the case's own status.
/// </summary>
public sealed record DunningCaseRow(Guid Id, string InvoiceId, string CustomerId, long AmountMinor, string Currency, string? CardBrand,
    string? TimeZone, string Status, DateTimeOffset? ClosedAt, string? LedgerOutcome, long? LedgerAmountMinor, DateTimeOffset? LedgerClosedAt)
{
    public static DunningCaseRow Read(NpgsqlDataReader row) => new(row.GetGuid(0), row.GetString(1), row.GetString(2), row.GetInt64(3),
        row.GetString(4), Text(row, 5), Text(row, 6), row.GetString(7), Time(row, 8), Text(row, 9), row.IsDBNull(10) ? null : row.GetInt64(10),
        Time(row, 11));

    /// <summary>The case as a failed invoice; null when its timeline holds no declined first attempt.</summary>
    /// <param name="timeline">In the order written; a failure reported late (a slow webhook) is put back in its time's place.</param>
    public FailedInvoice? ToFailedInvoice(IReadOnlyList<DunningAttemptRow> timeline)
    {
        var attempts = new List<PaymentAttempt>();
        foreach (var attempt in timeline.OrderBy(a => a.At))
        {
            var number = attempts.Count + 1;
            if (attempt.Decline is null)
            {
                if (number == 1) return null;
                attempts.Add(new PaymentAttempt(number, attempt.At, true, CustomerInitiated: attempt.Source == AttemptSource.Customer));
                break;
            }
            attempts.Add(new PaymentAttempt(number, attempt.At, false, DeclineCategories.Of(attempt.Decline), attempt.Decline,
                attempt.Source == AttemptSource.Customer));
        }
        if (attempts.Count == 0) return null;
        var outcome = (LedgerOutcome, Status) switch
        {
            ("recovered", _) => RecoveryOutcome.Paid(LedgerAmountMinor ?? AmountMinor, LedgerClosedAt ?? attempts[^1].At),
            ("lost", _) => RecoveryOutcome.NotRecovered,
            (_, "recovered") => RecoveryOutcome.Paid(AmountMinor, ClosedAt ?? attempts[^1].At),
            _ => RecoveryOutcome.NotRecovered,
        };
        return new FailedInvoice(InvoiceId, CustomerId, AmountMinor, Currency, CardBrand ?? attempts[0].Decline?.CardBrand, TimeZone, attempts,
            outcome, Id);
    }

    private static string? Text(NpgsqlDataReader row, int i) => row.IsDBNull(i) ? null : row.GetString(i);

    private static DateTimeOffset? Time(NpgsqlDataReader row, int i) => row.IsDBNull(i) ? null : row.GetFieldValue<DateTimeOffset>(i);
}
