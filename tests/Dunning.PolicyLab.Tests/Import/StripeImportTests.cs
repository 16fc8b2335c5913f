using Dunning.Lab.History;
using Dunning.PolicyLab.Import;
using Dunning.Testing;

namespace Dunning.PolicyLab.Tests.Import;

/// <summary><c>lab.sh import --from-stripe</c> on a sandbox holding known failed invoices: the history holds exactly those.</summary>
public sealed class StripeImportTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Imports_every_failed_invoice_with_its_attempts_and_outcome_and_nothing_else()
    {
        var expected = await new FailedInvoiceScenario(fixture.Sandbox).MakeAsync();
        var output = LabImport.TemporaryFile();

        var (exitCode, log) = await LabImport.RunAsync(LabImport.Arguments(output, pageSize: 2), LabImport.Settings(fixture.Sandbox));

        Assert.True(exitCode == 0, log);
        var history = await HistoryFile.ReadAsync(output).ToListAsync();
        Assert.Equal(expected.Select(e => e.InvoiceId).Order(), history.Select(h => h.InvoiceId).Order());
        foreach (var want in expected)
        {
            var got = history.Single(h => h.InvoiceId == want.InvoiceId);
            Assert.Equal((want.AmountMinor, "usd", "visa"), (got.AmountMinor, got.Currency, got.CardBrand));
            Assert.Equal(want.Attempts, got.Attempts.Select(a => a.Category));
            Assert.Equal(Enumerable.Range(1, want.Attempts.Length), got.Attempts.Select(a => a.Number));
            Assert.Equal(want.AttemptOffsets, got.Attempts.Select(a => a.At - got.FirstFailedAt));
            Assert.Equal(want.RecoveredAmount is not null, got.Outcome.Recovered);
            Assert.Equal(want.RecoveredAmount ?? 0, got.Outcome.RecoveredAmountMinor);
            Assert.Equal(got.Outcome.Recovered ? got.Attempts[^1].At : (DateTimeOffset?)null, got.Outcome.RecoveredAt);
        }
        // The codes as Stripe's charge gave them (the sandbox's documented test cards).
        var funds = history.Single(h => h.InvoiceId == expected[0].InvoiceId).Attempts[0].Decline!;
        Assert.Equal(("card_declined", "insufficient_funds", "51"), (funds.FailureCode, funds.DeclineCode, funds.NetworkDeclineCode));
        Assert.NotNull(funds.CardFingerprint);
        Assert.Equal("lost_card", history.Single(h => h.InvoiceId == expected[2].InvoiceId).Attempts[0].Decline!.DeclineCode);
        Assert.False(File.Exists(ImportCheckpoint.PathFor(output)), "a finished import leaves no checkpoint");
    }
}
