using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dunning.Metrics.Tests.Support;
using Dunning.Testing;

namespace Dunning.Metrics.Tests.Reports;

/// <summary>
/// The finance semantics of issue 22 against <see cref="FinanceScenario"/>: every expected figure below is computed by hand,
/// in the comments, from the case list in that class (DUNNING-RULES §5; gross churn and the funnel go beyond it).
/// </summary>
[Collection(FinanceScenarioCollection.Name)]
public sealed class FinanceScenarioTests(FinanceScenario fixture)
{
    private const string June = FinanceScenario.June;
    private MetricsService Service => fixture.Service;

    [Fact]
    public async Task Recovery_rate_is_of_the_cases_closed_in_the_range_with_the_open_share_beside_it()
    {
        var summary = await Service.GetJsonAsync($"/api/reports/summary?{June}&currency=usd");

        Assert.Equal("live", summary.GetProperty("mode").GetString());
        // Failed in June: f1..f6 = 100 + 20 + 30 + 40 + 50 + 60 = 300.00 (f7 failed in May).
        AssertMoney(summary.GetProperty("failed"), 6, 30000);
        // Closed in June: recovered f1 100, f2 20, f3 30, f7 70 = 220.00; lost f4 40.00; 5 cases, 260.00 closed.
        AssertMoney(summary.GetProperty("recovered"), 4, 22000);
        AssertMoney(summary.GetProperty("lost"), 1, 4000);
        AssertMoney(summary.GetProperty("closed"), 5, 26000);
        AssertMoney(summary.GetProperty("recoveredByMethod").GetProperty("Retry"), 3, 20000); // f1, f3, f7
        AssertMoney(summary.GetProperty("recoveredByMethod").GetProperty("CustomerPaid"), 1, 2000); // f2
        AssertMoney(summary.GetProperty("lostByReason").GetProperty("RetriesExhausted"), 1, 4000); // f4
        // Recovery rate of closed cases: 220 ÷ 260 = 0.846154 by amount; 4 ÷ 5 = 0.8 by count.
        Assert.Equal(0.846154m, summary.GetProperty("recoveryRateByAmount").GetDecimal());
        Assert.Equal(0.8m, summary.GetProperty("recoveryRateByCount").GetDecimal());
        // Of what failed in June, now: recovered f1, f2, f3 (150.00), lost f4 (40.00), open f5, f6 (110.00).
        var outcome = summary.GetProperty("failedInRangeOutcome");
        AssertMoney(outcome.GetProperty("recovered"), 3, 15000);
        AssertMoney(outcome.GetProperty("lost"), 1, 4000);
        AssertMoney(outcome.GetProperty("open"), 2, 11000);
        // Open share: 110 ÷ 300 = 0.366667 by amount, 2 ÷ 6 = 0.333333 by count.
        Assert.Equal(0.366667m, summary.GetProperty("openShareByAmount").GetDecimal());
        Assert.Equal(0.333333m, summary.GetProperty("openShareByCount").GetDecimal());
        // Open at the end of June, whenever failed: f5, f6 (f7 failed in May but closed on 2 June).
        AssertMoney(summary.GetProperty("openAtEnd"), 2, 11000);
        // Durations 24 h (f2), 48 h (f3), 72 h (f1), 120 h (f7): median (48 + 72) ÷ 2 = 60; p90 at rank 2.7 = 72 + 0.7 × 48 = 105.6.
        Assert.Equal(60d, summary.GetProperty("timeToRecoverMedianHours").GetDouble(), 9);
        Assert.Equal(105.6d, summary.GetProperty("timeToRecoverP90Hours").GetDouble(), 9);
    }

    [Fact]
    public async Task Attempt_funnel_follows_the_cases_that_failed_in_the_range_through_each_pay_call()
    {
        var funnel = await Service.GetJsonAsync($"/api/reports/funnel?{June}&currency=usd");

        // Stages reached: f2 0 (recovered), f6 0 (open), f3 1 (recovered), f5 1 (open), f1 2 (recovered), f4 3 (lost). 6 cases, 300.00.
        AssertMoney(funnel.GetProperty("cases"), 6, 30000);
        var rows = funnel.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], rows.Select(r => r.GetProperty("attempt").GetInt32()));
        // Stage 0: reached by all 6 (300.00); recovered f2 (20.00), open f6; conversion 1/6; amount 20/300; cumulative 1/6, 20/300.
        AssertStep(rows[0], reached: (6, 30000), recovered: (1, 2000), lost: 0, open: 1,
            conversion: (0.166667m, 0.066667m), cumulative: (0.166667m, 0.066667m));
        // Stage 1: reached by f1, f3, f4, f5 (220.00); recovered f3 (30.00), open f5; conversion 1/4, 30/220; cumulative 2/6, 50/300.
        AssertStep(rows[1], reached: (4, 22000), recovered: (1, 3000), lost: 0, open: 1,
            conversion: (0.25m, 0.136364m), cumulative: (0.333333m, 0.166667m));
        // Stage 2: reached by f1, f4 (140.00); recovered f1 (100.00); conversion 1/2, 100/140; cumulative 3/6, 150/300.
        AssertStep(rows[2], reached: (2, 14000), recovered: (1, 10000), lost: 0, open: 0,
            conversion: (0.5m, 0.714286m), cumulative: (0.5m, 0.5m));
        // Stage 3: reached by f4 (40.00), lost after it; conversion 0; cumulative unchanged.
        AssertStep(rows[3], reached: (1, 4000), recovered: (0, 0), lost: 1, open: 0,
            conversion: (0m, 0m), cumulative: (0.5m, 0.5m));
    }

    [Fact]
    public async Task Breakdowns_by_method_attempt_and_reason_have_only_their_own_outcome_and_its_shares()
    {
        // Recovered in June: Retry f1 100 + f3 30 + f7 70 = 200.00 (3), CustomerPaid f2 20.00 (1); of 220.00 and 4 cases.
        var methods = await RowsAsync($"/api/reports/breakdowns?{June}&currency=usd&by=method");
        Assert.Equal(["CustomerPaid", "Retry"], methods.Keys);
        AssertShare(methods["Retry"], "recovered", 3, 20000, 0.75m, 0.909091m);
        AssertShare(methods["CustomerPaid"], "recovered", 1, 2000, 0.25m, 0.090909m);
        Assert.False(methods["Retry"].TryGetProperty("failedCount", out _), "no Failed column: a method only exists once recovered");

        // By the attempt that recovered, close day in June: 0 f2 20.00; 1 f3 30 + f7 70 = 100.00; 2 f1 100.00.
        var attempts = await RowsAsync($"/api/reports/breakdowns?{June}&currency=usd&by=attempt");
        Assert.Equal(["0", "1", "2"], attempts.Keys);
        AssertShare(attempts["0"], "recovered", 1, 2000, 0.25m, 0.090909m);
        AssertShare(attempts["1"], "recovered", 2, 10000, 0.5m, 0.454545m);
        AssertShare(attempts["2"], "recovered", 1, 10000, 0.25m, 0.454545m);

        var reasons = await RowsAsync($"/api/reports/breakdowns?{June}&currency=usd&by=reason");
        AssertShare(Assert.Single(reasons).Value, "lost", 1, 4000, 1m, 1m);
    }

    [Fact]
    public async Task Breakdown_by_decline_code_keeps_failed_recovered_lost_and_the_rate_of_closed_cases()
    {
        var codes = await RowsAsync($"/api/reports/breakdowns?{June}&currency=usd&by=decline_code");

        Assert.Equal(["do_not_honor", "expired_card", "generic_decline", "insufficient_funds"], codes.Keys);
        // insufficient_funds: failed f1, f2 (120.00); recovered f1, f2 and f7 (failed in May) = 190.00; rate 1.
        Assert.Equal((2, 12000, 3, 19000, 0, 0), Figures(codes["insufficient_funds"]));
        Assert.Equal(1m, codes["insufficient_funds"].GetProperty("recoveryRateByAmount").GetDecimal());
        // generic_decline: failed f4, f5 (90.00), lost f4 (40.00): rate 0. expired_card: f6 open, nothing closed: no rate.
        Assert.Equal((2, 9000, 0, 0, 1, 4000), Figures(codes["generic_decline"]));
        Assert.Equal(0m, codes["generic_decline"].GetProperty("recoveryRateByAmount").GetDecimal());
        Assert.Equal((1, 6000, 0, 0, 0, 0), Figures(codes["expired_card"]));
        Assert.Equal(JsonValueKind.Null, codes["expired_card"].GetProperty("recoveryRateByAmount").ValueKind);
        Assert.Equal((1, 3000, 1, 3000, 0, 0), Figures(codes["do_not_honor"]));
    }

    [Fact]
    public async Task Gross_churn_stays_positive_where_the_seeds_net_churn_goes_negative_for_a_growing_business()
    {
        var churn = await Service.GetJsonAsync($"/api/reports/churn?{June}&period=month");
        var row = Assert.Single(churn.GetProperty("rows").EnumerateArray());

        // S = sub_a, sub_b (2); N = sub_c, sub_d, sub_e (3); lost sub_b (1); E = 2 + 3 − 1 = 4. Test-mode sub_t is not counted.
        Assert.Equal((2, 4, 3, 1, 1), (row.GetProperty("s").GetInt64(), row.GetProperty("e").GetInt64(), row.GetProperty("n").GetInt64(),
            row.GetProperty("canceled").GetInt64(), row.GetProperty("involuntaryCanceled").GetInt64()));
        Assert.Equal(0.5m, row.GetProperty("grossChurnRate").GetDecimal()); // 1 ÷ 2
        Assert.Equal(-1m, row.GetProperty("churnRate").GetDecimal()); // (2 − 4) ÷ 2
        Assert.Equal(0.5m, row.GetProperty("involuntaryChurnRate").GetDecimal()); // 1 ÷ 2
        Assert.Equal(50m, row.GetProperty("retentionRate").GetDecimal()); // (4 − 3) ÷ 2 × 100
    }

    [Fact]
    public async Task Test_mode_figures_never_reach_a_live_figure_and_all_is_refused()
    {
        var test = await Service.GetJsonAsync($"/api/reports/summary?{June}&currency=usd&mode=test");
        AssertMoney(test.GetProperty("failed"), 1, 90000); // in_ft1 only
        AssertMoney(test.GetProperty("lost"), 1, 90000);
        Assert.Equal(0m, test.GetProperty("recoveryRateByAmount").GetDecimal());
        var testFunnel = await Service.GetJsonAsync($"/api/reports/funnel?{June}&currency=usd&mode=test");
        AssertMoney(testFunnel.GetProperty("cases"), 1, 90000);
        var testChurn = Assert.Single((await Service.GetJsonAsync($"/api/reports/churn?{June}&period=month&mode=test")).GetProperty("rows").EnumerateArray());
        Assert.Equal((1, 0), (testChurn.GetProperty("s").GetInt64(), testChurn.GetProperty("e").GetInt64())); // sub_t

        var response = await Service.Api.GetAsync($"/api/reports/summary?{June}&currency=usd&mode=all");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("never added together", (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("funnel", "", "live")]
    [InlineData("breakdowns", "&by=method", "live")]
    [InlineData("breakdowns", "&by=reason", "test")]
    [InlineData("timeseries", "", "test")]
    [InlineData("churn", "&period=week", "live")]
    public async Task Every_table_exports_as_csv_with_its_rows_and_the_mode_on_each_line(string report, string extra, string mode)
    {
        var path = $"/api/reports/{report}?{June}&currency=usd&mode={mode}{extra}";
        var rows = (await Service.GetJsonAsync(path)).GetProperty("rows").EnumerateArray().ToList();

        var csv = (await Service.Api.GetStringAsync(path + "&format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(rows.Count + 1, csv.Length);
        var header = csv[0].Split(',');
        Assert.Equal(rows[0].EnumerateObject().Select(p => p.Name), header.Take(rows[0].EnumerateObject().Count()));
        Assert.Contains("mode", header);
        Assert.All(csv.Skip(1), line => Assert.Equal(mode, line.Split(',')[Array.IndexOf(header, "mode")]));
    }

    [Fact]
    public async Task Dashboard_labels_the_rate_of_closed_cases_beside_the_open_share_and_shows_the_funnel_and_both_churns()
    {
        var dom = await HeadlessChromium.DumpDomAsync(Page($"{June}&currency=usd&period=month"));

        Assert.Equal(("84.6 %", "by amount · by count 80.0 % of 5 closed"), DashboardCard.Read(dom, "recovery-rate"));
        Assert.Contains("Recovery rate of closed cases", dom);
        Assert.Equal(("36.7 %", "2 cases · $110.00 open now"), DashboardCard.Read(dom, "open-share"));
        Assert.Equal(("$300.00", "6 invoices"), DashboardCard.Read(dom, "failed"));
        // Pre-dunning beside recovered revenue (counted in ExpiringCardReminderTests).
        Assert.Equal(("3", "cards replaced before the renewal · all currencies"), DashboardCard.Read(dom, "failures-prevented"));
        Assert.Equal(("5", "sent in range · all currencies"), DashboardCard.Read(dom, "reminders-sent"));
        Assert.Matches("data-figure=\"recovered\">((?!data-figure).)*</div></div><div class=\"card\" data-figure=\"failures-prevented\">", dom);
        Assert.Contains("Live data only", dom);
        var funnel = Section(dom, "funnel");
        Assert.Contains("<td>0 · before any retry</td><td class=\"number\">6 · $300.00</td><td class=\"number\">1 · $20.00</td>"
            + "<td class=\"number\">16.7 %</td><td class=\"number\">16.7 %</td>", funnel);
        Assert.DoesNotContain("Failed", funnel);
        var churn = Section(dom, "churn");
        Assert.Contains("<td class=\"number\">50.0 %</td><td class=\"number\">-100.0 %</td>", churn); // gross, then net
        Assert.Contains("Gross churn = subscriptions lost in the period ÷ S", dom);
        Assert.Contains("goes negative when the business grows", dom);
        Assert.DoesNotContain("Failed", Section(dom, "method"));
        Assert.Contains("90.9 %", Section(dom, "method")); // Retry: 200 ÷ 220
        foreach (var table in new[] { "summary", "per-day", "funnel", "churn", "decline_code", "card_brand", "cohort", "method", "reason" })
            Assert.Contains($"data-csv=\"{table}\"", dom);
    }

    [Fact]
    public async Task Dashboard_in_test_mode_says_so_and_shows_only_test_figures()
    {
        var dom = await HeadlessChromium.DumpDomAsync(Page($"{June}&currency=usd&mode=test"));

        Assert.Contains("data-mode=\"test\"", dom);
        Assert.Contains("Test-mode data only (Stripe livemode false): not revenue.", dom);
        Assert.Equal(("$900.00", "1 invoices"), DashboardCard.Read(dom, "failed"));
        Assert.Equal("1", DashboardCard.Read(dom, "failures-prevented").Value); // rem_t, on test-mode sub_t
        Assert.DoesNotContain("<option value=\"all\"", dom);
    }

    [Fact]
    public async Task Every_view_with_nothing_to_show_says_what_to_do_next()
    {
        var dom = await HeadlessChromium.DumpDomAsync(Page("from=2020-01-01&to=2020-01-31&currency=usd"));

        Assert.Matches("id=\"summary-empty\" class=\"empty-note\">No dunning case in USD for these dates \\(live data\\)\\. Widen the dates", dom);
        foreach (var table in new[] { "funnel", "churn", "decline_code", "card_brand", "cohort", "method", "reason" })
            Assert.Matches("<td class=\"empty\" colspan=\"\\d+\">[^<]*(Widen the dates|Real revenue)", Section(dom, table));
        Assert.DoesNotContain(">none<", dom);
    }

    [Theory]
    [InlineData(1280, 800, "dashboard.png")]
    [InlineData(390, 844, "dashboard-phone.png")]
    public async Task Dashboard_fits_the_width_of_a_laptop_and_of_a_phone(int width, int height, string screenshot)
    {
        await using var page = await ChromiumPage.OpenAsync(Page($"{June}&currency=usd&period=week"), width, height, "document.body.dataset.pageWidth");

        var viewport = (await page.EvaluateAsync("document.documentElement.clientWidth"))!.GetValue<int>();
        Assert.Equal(width, viewport);
        await page.AssertFitsItsWidthAsync();
        var dom = await page.DomAsync();
        Assert.Equal("84.6 %", DashboardCard.Read(dom, "recovery-rate").Value);
        Assert.Equal("3", DashboardCard.Read(dom, "failures-prevented").Value);
        await page.SaveScreenshotAsync(screenshot);
    }

    private Uri Page(string query) => new(Service.Process.BaseAddress, $"/?{query}#key={MetricsService.ApiKey}");

    /// <summary>The HTML of one table box (<c>data-table</c>) of the dumped DOM.</summary>
    private static string Section(string dom, string table)
    {
        var match = Regex.Match(dom, $"<div class=\"table-box\" data-table=\"{table}\">(.*?)</table></div>", RegexOptions.Singleline);
        Assert.True(match.Success, $"the dashboard shows the {table} table:\n{dom}");
        return match.Groups[1].Value;
    }

    private async Task<SortedDictionary<string, JsonElement>> RowsAsync(string path) =>
        new((await Service.GetJsonAsync(path)).GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!),
            StringComparer.Ordinal);

    private static (long, long, long, long, long, long) Figures(JsonElement r) => (r.GetProperty("failedCount").GetInt64(),
        r.GetProperty("failedAmountMinor").GetInt64(), r.GetProperty("recoveredCount").GetInt64(), r.GetProperty("recoveredAmountMinor").GetInt64(),
        r.GetProperty("lostCount").GetInt64(), r.GetProperty("lostAmountMinor").GetInt64());

    private static void AssertShare(JsonElement row, string outcome, long count, long amount, decimal shareByCount, decimal shareByAmount) =>
        Assert.Equal((count, amount, shareByCount, shareByAmount), (row.GetProperty(outcome + "Count").GetInt64(),
            row.GetProperty(outcome + "AmountMinor").GetInt64(), row.GetProperty("shareByCount").GetDecimal(), row.GetProperty("shareByAmount").GetDecimal()));

    private static void AssertStep(JsonElement row, (long, long) reached, (long, long) recovered, long lost, long open,
        (decimal, decimal) conversion, (decimal, decimal) cumulative)
    {
        Assert.Equal(reached, (row.GetProperty("reachedCount").GetInt64(), row.GetProperty("reachedAmountMinor").GetInt64()));
        Assert.Equal(recovered, (row.GetProperty("recoveredCount").GetInt64(), row.GetProperty("recoveredAmountMinor").GetInt64()));
        Assert.Equal((lost, open), (row.GetProperty("lostCount").GetInt64(), row.GetProperty("openCount").GetInt64()));
        Assert.Equal(conversion, (row.GetProperty("conversionByCount").GetDecimal(), row.GetProperty("conversionByAmount").GetDecimal()));
        Assert.Equal(cumulative, (row.GetProperty("cumulativeRecoveryByCount").GetDecimal(), row.GetProperty("cumulativeRecoveryByAmount").GetDecimal()));
    }

    private static void AssertMoney(JsonElement money, long count, long amountMinor) =>
        Assert.Equal((count, amountMinor), (money.GetProperty("count").GetInt64(), money.GetProperty("amountMinor").GetInt64()));
}
