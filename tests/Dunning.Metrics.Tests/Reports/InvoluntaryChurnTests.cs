using Dunning.Contracts;
using Dunning.Metrics.Tests.Support;

namespace Dunning.Metrics.Tests.Reports;

/// <summary>
/// A subscription Dunning's final action cancels after a lost payment is involuntary churn, although Stripe records
/// an API cancel as <c>cancellation_requested</c> — in whichever order the loss and the cancellation arrive.
/// </summary>
public sealed class InvoluntaryChurnTests(MetricsService service) : IClassFixture<MetricsService>
{
    [Theory]
    [InlineData("2025-01", false)]
    [InlineData("2025-02", true)]
    public async Task Cancellation_after_a_lost_payment_counts_as_involuntary_churn(string month, bool cancelArrivesFirst)
    {
        var subscription = $"sub_in_{month}";
        var invoice = $"in_{month}";
        var started = Scenario.Started(subscription, "2024-12-01T00:00:00");
        var failed = Scenario.Failed(invoice, 2500, "usd", $"{month}-02T00:00:00", "generic_decline", "visa");
        var lost = Scenario.Lost(invoice, 2500, "usd", $"{month}-02T00:00:00", $"{month}-16T00:00:00", LossReason.RetriesExhausted);
        var canceled = Scenario.Canceled(subscription, $"{month}-16T00:00:01", "cancellation_requested");
        var before = await HandledAsync();

        await service.PublishAsync(started);
        await service.PublishAsync(failed);
        if (cancelArrivesFirst) { await service.PublishAsync(canceled); await service.HandledAsync(before + 3); await service.PublishAsync(lost); }
        else { await service.PublishAsync(lost); await service.HandledAsync(before + 3); await service.PublishAsync(canceled); }
        await service.HandledAsync(before + 4);

        var row = await ChurnRowAsync(month);
        Assert.Equal(1, row.GetProperty("involuntaryCanceled").GetInt32());
    }

    [Fact]
    public async Task Cancellation_without_a_lost_payment_stays_voluntary()
    {
        const string month = "2025-03";
        var before = await HandledAsync();
        await service.PublishAsync(Scenario.Started("sub_voluntary", "2024-12-01T00:00:00"));
        await service.PublishAsync(Scenario.Canceled("sub_voluntary", $"{month}-10T00:00:00", "cancellation_requested"));
        await service.HandledAsync(before + 2);

        var row = await ChurnRowAsync(month);
        Assert.Equal(0, row.GetProperty("involuntaryCanceled").GetInt32());
    }

    [Fact]
    public async Task A_payment_an_operator_wrote_off_is_lost_as_written_off_and_a_later_cancellation_stays_voluntary()
    {
        // An operator's write-off (the case console) says nothing about why the customer left: not a payment loss.
        const string month = "2025-04";
        var before = await HandledAsync();
        await service.PublishAsync(Scenario.Started("sub_in_written_off", "2024-12-01T00:00:00"));
        await service.PublishAsync(Scenario.Failed("in_written_off", 2500, "usd", $"{month}-02T00:00:00", "generic_decline", "visa"));
        await service.HandledAsync(before + 2);
        await service.PublishAsync(Scenario.Lost("in_written_off", 2500, "usd", $"{month}-02T00:00:00", $"{month}-05T00:00:00", LossReason.WrittenOff));
        await service.HandledAsync(before + 3);
        await service.PublishAsync(Scenario.Canceled("sub_in_written_off", $"{month}-10T00:00:00", "cancellation_requested"));
        await service.HandledAsync(before + 4);

        Assert.Equal(1, await service.Database.CountAsync(
            "SELECT count(*) FROM metrics.ledger WHERE invoice_id = 'in_written_off' AND outcome = 'lost' AND loss_reason = 'WrittenOff'"));
        Assert.Equal(0, (await ChurnRowAsync(month)).GetProperty("involuntaryCanceled").GetInt32());
    }

    private async Task<int> HandledAsync() => (int)await service.Database.CountAsync("SELECT count(*) FROM metrics.inbox");

    private async Task<System.Text.Json.JsonElement> ChurnRowAsync(string month)
    {
        var last = DateTime.DaysInMonth(int.Parse(month[..4]), int.Parse(month[5..]));
        var churn = await service.GetJsonAsync($"/api/reports/churn?from={month}-01&to={month}-{last}&period=month");
        return Assert.Single(churn.GetProperty("rows").EnumerateArray());
    }
}
