using System.Text.Json;
using Dunning.Contracts;
using Dunning.Lab.History;
using Dunning.Platform.Outbox;
using Dunning.Testing;
using Npgsql;

namespace Dunning.PolicyLab.Tests.Import;

/// <summary>
/// <c>lab.sh import --from-dunning</c> on a database the scheduler and metrics services migrated, holding three cases: one recovered by
/// our second retry, one lost after a hard decline and the customer's own try, one still open.
/// </summary>
public sealed class DunningImportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Imports_each_case_with_its_timeline_attempts_and_the_ledger_outcome()
    {
        await using var database = await TestDatabase.CreateAsync();
        foreach (var (service, schema) in new[] { ("services/Dunning.RetryScheduler", "scheduler"), ("services/Dunning.Metrics", "metrics") })
        {
            var (migrated, log) = await ServiceProcess.RunToExitAsync(service, ["migrate"], database.WithRolesOf(schema, new Dictionary<string, string>()),
                TimeSpan.FromSeconds(120));
            Assert.True(migrated == 0, log);
        }
        var funds = Decline("insufficient_funds", "try_again_later", "51");
        var lost = Decline("lost_card", "do_not_try_again", "41");
        var recovered = await CaseAsync(database, "in_recovered", "recovered", T0.AddDays(2),
            ("Stripe", T0, funds), ("Scheduled", T0.AddDays(1), funds), ("Scheduled", T0.AddDays(2), null));
        await LedgerAsync(database, "in_recovered", "recovered", T0.AddDays(2));
        await CaseAsync(database, "in_lost", "lost", T0.AddDays(14), ("Stripe", T0, lost), ("Customer", T0.AddHours(1), lost));
        await LedgerAsync(database, "in_lost", "lost", T0.AddDays(14));
        await CaseAsync(database, "in_open", "open", null, ("Stripe", T0, funds));
        var output = LabImport.TemporaryFile();

        var (exitCode, importLog) = await LabImport.RunAsync(["import", "--from-dunning", "--out", output, "--page-size", "2"],
            new Dictionary<string, string> { ["ConnectionStrings__DunningReadOnly"] = database.ConnectionString });

        Assert.True(exitCode == 0, importLog);
        var history = (await HistoryFile.ReadAsync(output).ToListAsync()).ToDictionary(i => i.InvoiceId);
        Assert.Equal(["in_lost", "in_open", "in_recovered"], history.Keys.Order());
        var paid = history["in_recovered"];
        Assert.Equal(recovered, paid.CaseId);
        Assert.Equal([DeclineCategory.InsufficientFunds, DeclineCategory.InsufficientFunds, null], paid.Attempts.Select(a => a.Category));
        Assert.Equal(RecoveryOutcome.Paid(1900, T0.AddDays(2)), paid.Outcome);
        Assert.Equal([DeclineCategory.Hard, DeclineCategory.Hard], history["in_lost"].Attempts.Select(a => a.Category));
        Assert.Equal([false, true], history["in_lost"].Attempts.Select(a => a.CustomerInitiated));
        Assert.Equal(RecoveryOutcome.NotRecovered, history["in_lost"].Outcome);
        Assert.Equal(("Europe/Amsterdam", "visa"), (history["in_open"].TimeZone, history["in_open"].CardBrand));
        Assert.Equal(RecoveryOutcome.NotRecovered, history["in_open"].Outcome);
    }

    private static DeclineDetails Decline(string code, string advice, string network) =>
        new("card_declined", code, advice, network, null, "visa", "fp_lab", "pm_lab");

    private static async Task<Guid> CaseAsync(TestDatabase database, string invoice, string status, DateTimeOffset? closedAt,
        params (string Source, DateTimeOffset At, DeclineDetails? Decline)[] attempts)
    {
        var id = Guid.CreateVersion7();
        await using var insert = database.DataSource.CreateCommand("""
            INSERT INTO scheduler.cases (id, invoice_id, customer_id, amount_minor, currency, card_brand, time_zone, status, failed_at, closed_at)
            VALUES ($1, $2, 'cus_lab', 1900, 'eur', 'visa', 'Europe/Amsterdam', $3, $4, $5)
            """);
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(invoice);
        insert.Parameters.AddWithValue(status);
        insert.Parameters.AddWithValue(attempts[0].At);
        insert.Parameters.AddWithValue((object?)closedAt ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync();
        foreach (var (source, at, decline) in attempts)
        {
            await using var attempt = database.DataSource.CreateCommand(
                "INSERT INTO scheduler.case_events (case_id, at, kind, attempt_source, decline) VALUES ($1, $2, 'attempt', $3, $4::jsonb)");
            attempt.Parameters.AddWithValue(id);
            attempt.Parameters.AddWithValue(at);
            attempt.Parameters.AddWithValue(source);
            attempt.Parameters.AddWithValue(decline is null ? DBNull.Value : JsonSerializer.Serialize(decline, MessageJson.Options));
            await attempt.ExecuteNonQueryAsync();
        }
        return id;
    }

    private static async Task LedgerAsync(TestDatabase database, string invoice, string outcome, DateTimeOffset closedAt)
    {
        await using var insert = database.DataSource.CreateCommand("""
            INSERT INTO metrics.ledger (invoice_id, customer_id, amount_minor, currency, failed_at, closed_at, outcome)
            VALUES ($1, 'cus_lab', 1900, 'eur', $2, $2, $3)
            """);
        insert.Parameters.AddWithValue(invoice);
        insert.Parameters.AddWithValue(closedAt);
        insert.Parameters.AddWithValue(outcome);
        await insert.ExecuteNonQueryAsync();
    }
}
