using Dunning.Contracts;
using Dunning.Lab.History;

namespace Dunning.Lab.Tests.History;

public sealed class HistoryFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"history-{Guid.NewGuid():N}.jsonl");

    [Fact]
    public async Task A_history_written_and_read_back_is_the_same_invoices_one_line_each()
    {
        var at = new DateTimeOffset(2026, 11, 2, 9, 15, 0, TimeSpan.Zero);
        var decline = DeclineDetails.None with { DeclineCode = "insufficient_funds", NetworkAdviceCode = "24", CardBrand = "mastercard" };
        FailedInvoice[] invoices =
        [
            new("in_1", "cus_1", 2900, "eur", "mastercard", "Europe/Amsterdam",
                [PaymentAttempt.Declined(1, at, DeclineCategory.InsufficientFunds, decline), PaymentAttempt.Paid(2, at.AddDays(1))],
                RecoveryOutcome.Paid(2900, at.AddDays(1)), Guid.Parse("0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b")),
            new("in_2", "cus_2", 1500, "usd", null, null, [PaymentAttempt.Declined(1, at, DeclineCategory.Soft)], RecoveryOutcome.NotRecovered),
        ];

        await HistoryFile.WriteAsync(_path, invoices);
        var read = await HistoryFile.ReadAsync(_path).ToListAsync();

        Assert.Equal(2, (await File.ReadAllLinesAsync(_path)).Length);
        Assert.Equal(invoices.Select(HistoryFile.Line), read.Select(HistoryFile.Line));
        Assert.Equal(invoices[0].Attempts[0].Decline, read[0].Attempts[0].Decline);
        Assert.Equal(TimeSpan.FromDays(1), read[0].TimeToRecover);
    }

    [Fact]
    public async Task A_line_that_is_no_failed_invoice_is_named_by_its_number()
    {
        await File.WriteAllLinesAsync(_path, ["", """{"invoiceId":"in_1","attempts":[]}"""]);

        var error = await Assert.ThrowsAsync<FormatException>(async () => await HistoryFile.ReadAsync(_path).ToListAsync());

        Assert.Contains("line 2", error.Message);
    }

    public void Dispose() => File.Delete(_path);
}
