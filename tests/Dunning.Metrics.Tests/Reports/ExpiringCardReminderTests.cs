using System.Text.Json;
using Dunning.Metrics.Tests.Support;

namespace Dunning.Metrics.Tests.Reports;

/// <summary>
/// Issue 20's pre-dunning figures beside recovered revenue: expiring-card reminders sent and the failures they prevented,
/// counted by hand from the reminders listed in <see cref="FinanceScenario"/>.
/// </summary>
[Collection(FinanceScenarioCollection.Name)]
public sealed class ExpiringCardReminderTests(FinanceScenario fixture)
{
    private const string June = FinanceScenario.June;
    private MetricsService Service => fixture.Service;

    [Fact]
    public async Task Summary_counts_the_reminders_sent_and_the_failures_prevented_in_june_beside_recovered_revenue()
    {
        var summary = await Service.GetJsonAsync($"/api/reports/summary?{June}&currency=usd");

        // Sent in June: rem_a, rem_c, rem_d, rem_july (23:59:59 on the 30th), rem_unknown (its subscription unknown: live) = 5.
        // Prevented in June: rem_may (00:00 on the 1st), rem_a, rem_d = 3; rem_july's renewal is in July, rem_c's card was not replaced.
        Assert.Equal((5, 3), Figures(summary));
        Assert.Equal(22000, summary.GetProperty("recovered").GetProperty("amountMinor").GetInt64());
    }

    [Theory]
    [InlineData("from=2026-06-01&to=2026-06-10", 3, 1)] // sent rem_a, rem_c, rem_unknown; prevented rem_may
    [InlineData("from=2026-06-30&to=2026-06-30", 1, 0)] // sent rem_july at 23:59:59
    [InlineData("from=2026-05-01&to=2026-05-31", 1, 0)] // sent rem_may; its prevention counts in June
    [InlineData("from=2026-07-01&to=2026-07-31", 0, 1)] // rem_july's renewal
    [InlineData("from=2026-01-01&to=2026-12-31", 6, 4)]
    public async Task Each_figure_counts_in_the_range_of_its_own_day(string range, long sent, long prevented)
    {
        var summary = await Service.GetJsonAsync($"/api/reports/summary?{range}&currency=usd");

        Assert.Equal((sent, prevented), Figures(summary));
    }

    [Fact]
    public async Task A_redelivered_or_early_replacement_leaves_one_row_per_reminder()
    {
        // 7 reminders; rem_a's replacement came three times (once more as itself, once under another event id), rem_d's before its reminder.
        Assert.Equal(7, await Service.Database.CountAsync("SELECT count(*) FROM metrics.expiring_card_reminders"));
        Assert.Equal(1, await Service.Database.CountAsync("""
            SELECT count(*) FROM metrics.expiring_card_reminders
            WHERE reminder_id = 'rem_d' AND sent_at = '2026-06-12T09:00:00Z' AND renews_at = '2026-06-28T00:00:00Z'
              AND replaced_at = '2026-06-28T00:00:00Z'
            """));
        Assert.Equal(1, await Service.Database.CountAsync(
            "SELECT count(*) FROM metrics.expiring_card_reminders WHERE reminder_id = 'rem_a' AND replaced_at = '2026-06-25T00:00:00Z'"));
    }

    [Fact]
    public async Task Reminders_take_their_subscriptions_mode_and_count_in_every_currency()
    {
        var test = await Service.GetJsonAsync($"/api/reports/summary?{June}&currency=usd&mode=test");
        var eur = await Service.GetJsonAsync($"/api/reports/summary?{June}&currency=eur");

        Assert.Equal((1, 1), Figures(test)); // rem_t, on test-mode sub_t
        Assert.Equal((5, 3), Figures(eur)); // a reminder has no currency: the same counts under every one
    }

    [Fact]
    public async Task Summary_csv_carries_both_figures()
    {
        var csv = await Service.Api.GetStringAsync($"/api/reports/summary?{June}&currency=usd&format=csv");

        Assert.Contains("\r\nexpiringCardRemindersSent,5\r\n", csv);
        Assert.Contains("\r\nfailuresPrevented,3\r\n", csv);
    }

    private static (long Sent, long Prevented) Figures(JsonElement summary) =>
        (summary.GetProperty("expiringCardRemindersSent").GetInt64(), summary.GetProperty("failuresPrevented").GetInt64());
}
