using System.Net;
using System.Text.Json;
using Dunning.Metrics.Tests.Support;
using Dunning.Testing;

namespace Dunning.Metrics.Tests.Reports;

/// <summary>Every report figure of the scripted March 2026 equals the hand-computed expectation.</summary>
public abstract class ScenarioTests(ScenarioFixture fixture)
{
    private const string March = "from=2026-03-01&to=2026-03-31";
    private MetricsService Service => fixture.Service;

    [Fact]
    public async Task Usd_summary_for_march_matches_the_hand_computed_figures()
    {
        var summary = await Service.GetJsonAsync($"/api/reports/summary?{March}&currency=usd");

        AssertMoney(summary.GetProperty("failed"), 10, 10000 + 2000 + 3000 + 4000 + 5000 + 6000 + 7000 + 8000 + 9000 + 1500);
        AssertMoney(summary.GetProperty("recovered"), 4, 19000);
        var byMethod = summary.GetProperty("recoveredByMethod");
        AssertMoney(byMethod.GetProperty("Retry"), 1, 10000);
        AssertMoney(byMethod.GetProperty("CardUpdated"), 1, 2000);
        AssertMoney(byMethod.GetProperty("CustomerPaid"), 1, 3000);
        AssertMoney(byMethod.GetProperty("OutOfBand"), 1, 4000);
        AssertMoney(summary.GetProperty("lost"), 5, 35000);
        var byReason = summary.GetProperty("lostByReason");
        AssertMoney(byReason.GetProperty("RetriesExhausted"), 1, 5000);
        AssertMoney(byReason.GetProperty("HardDecline"), 1, 6000);
        AssertMoney(byReason.GetProperty("SubscriptionCanceled"), 1, 7000);
        AssertMoney(byReason.GetProperty("InvoiceVoided"), 1, 8000);
        AssertMoney(byReason.GetProperty("MarkedUncollectible"), 1, 9000);
        AssertMoney(summary.GetProperty("openAtEnd"), 2, 1500 + 1100); // in_u10 (March) and in_u11 (February); in_u12 fails in April
        Assert.Equal(Math.Round(19000m / 54000m, 6), summary.GetProperty("recoveryRateByAmount").GetDecimal());
        Assert.Equal(Math.Round(4m / 9m, 6), summary.GetProperty("recoveryRateByCount").GetDecimal());
        // Durations 24 h, 48 h, 36 h, 96 h: median (36 + 48) / 2 = 42 h; p90 at rank 2.7 = 48 + 0.7 × 48 = 81.6 h.
        Assert.Equal(42d, summary.GetProperty("timeToRecoverMedianHours").GetDouble(), 9);
        Assert.Equal(81.6d, summary.GetProperty("timeToRecoverP90Hours").GetDouble(), 9);
    }

    [Theory]
    [InlineData("from=2026-03-02&to=2026-03-31")] // days only
    [InlineData("from=2026-02-15&to=2026-04-10")] // edge days and the whole month of March
    [InlineData("from=2026-01-01&to=2026-05-31")] // whole months only
    public async Task Time_to_recover_is_the_same_whether_it_is_read_from_days_or_months(string range)
    {
        var summary = await Service.GetJsonAsync($"/api/reports/summary?{range}&currency=usd");

        Assert.Equal(42d, summary.GetProperty("timeToRecoverMedianHours").GetDouble(), 9);
        Assert.Equal(81.6d, summary.GetProperty("timeToRecoverP90Hours").GetDouble(), 9);
    }

    [Fact]
    public async Task Eur_summary_is_kept_apart_from_usd()
    {
        var summary = await Service.GetJsonAsync($"/api/reports/summary?{March}&currency=EUR");

        Assert.Equal("eur", summary.GetProperty("currency").GetString());
        AssertMoney(summary.GetProperty("failed"), 2, 12000);
        AssertMoney(summary.GetProperty("recovered"), 1, 5000);
        AssertMoney(summary.GetProperty("lost"), 1, 7000);
        AssertMoney(summary.GetProperty("openAtEnd"), 0, 0);
        Assert.Equal(Math.Round(5000m / 12000m, 6), summary.GetProperty("recoveryRateByAmount").GetDecimal());
        Assert.Equal(0.5m, summary.GetProperty("recoveryRateByCount").GetDecimal());
        Assert.Equal(20d, summary.GetProperty("timeToRecoverMedianHours").GetDouble(), 9);
    }

    [Fact]
    public async Task Breakdown_by_first_decline_code_uses_the_earliest_failure()
    {
        var rows = await RowsAsync($"/api/reports/breakdowns?{March}&currency=usd&by=decline_code");

        Assert.Equal(["do_not_honor", "expired_card", "generic_decline", "insufficient_funds"], rows.Keys);
        Assert.Equal((1, 2000, 1, 2000, 0, 0), rows["do_not_honor"]);
        Assert.Equal((1, 4000, 1, 4000, 0, 0), rows["expired_card"]);
        Assert.Equal((5, 35000, 0, 0, 5, 35000), rows["generic_decline"]);
        Assert.Equal((3, 14500, 2, 13000, 0, 0), rows["insufficient_funds"]);
    }

    [Fact]
    public async Task Breakdowns_by_attempt_brand_cohort_and_method_match()
    {
        // Only recoveries have an attempt: in_u2 and in_u4 at 1 (60.00), in_u1 at 2 (100.00), in_u3 at 3 (30.00), of 190.00.
        var attempts = (await Service.GetJsonAsync($"/api/reports/breakdowns?{March}&currency=usd&by=attempt")).GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.GetProperty("key").GetString()!, r => (r.GetProperty("recoveredCount").GetInt64(),
                r.GetProperty("recoveredAmountMinor").GetInt64(), r.GetProperty("shareByAmount").GetDecimal()));
        Assert.Equal((2, 6000, Math.Round(6000m / 19000m, 6)), attempts["1"]);
        Assert.Equal((1, 10000, Math.Round(10000m / 19000m, 6)), attempts["2"]);
        Assert.Equal((1, 3000, Math.Round(3000m / 19000m, 6)), attempts["3"]);
        Assert.Equal(3, attempts.Count);

        var brands = await RowsAsync($"/api/reports/breakdowns?{March}&currency=usd&by=card_brand");
        Assert.Equal((1, 4000, 1, 4000, 0, 0), brands["amex"]);
        Assert.Equal((1, 2000, 1, 2000, 0, 0), brands["mastercard"]);
        Assert.Equal((8, 49500, 2, 13000, 5, 35000), brands["visa"]);

        var cohorts = await RowsAsync($"/api/reports/breakdowns?{March}&currency=usd&by=cohort");
        Assert.Equal((10, 55500, 4, 19000, 5, 35000), Assert.Single(cohorts).Value);
        Assert.Equal("2026-03", cohorts.Keys.Single());

        var methods = (await Service.GetJsonAsync($"/api/reports/breakdowns?{March}&currency=usd&by=method")).GetProperty("rows").EnumerateArray()
            .Select(r => r.GetProperty("key").GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(["CardUpdated", "CustomerPaid", "OutOfBand", "Retry"], methods);
    }

    [Fact]
    public async Task Daily_series_sums_to_the_summary_and_puts_each_close_on_its_day()
    {
        var series = await Service.GetJsonAsync($"/api/reports/timeseries?{March}&currency=usd");
        var rows = series.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("day").GetString()!);

        Assert.Equal(55500, rows.Values.Sum(r => r.GetProperty("failedAmountMinor").GetInt64()));
        Assert.Equal(19000, rows.Values.Sum(r => r.GetProperty("recoveredAmountMinor").GetInt64()));
        Assert.Equal(35000, rows.Values.Sum(r => r.GetProperty("lostAmountMinor").GetInt64()));
        Assert.Equal(10000, rows["2026-03-03"].GetProperty("recoveredAmountMinor").GetInt64());
        Assert.Equal(10000, rows["2026-03-02"].GetProperty("failedAmountMinor").GetInt64()); // the two failures of in_u1 are one case
        Assert.Equal(4000, rows["2026-03-16"].GetProperty("recoveredAmountMinor").GetInt64());
        Assert.Equal(8000, rows["2026-03-16"].GetProperty("failedAmountMinor").GetInt64());
        Assert.Equal(0m, rows["2026-03-20"].GetProperty("recoveryRateByAmount").GetDecimal());
    }

    [Fact]
    public async Task Dashboard_in_headless_chromium_shows_the_figures_of_the_api_for_the_picked_range()
    {
        var page = new Uri(Service.Process.BaseAddress, $"/?{March}&currency=usd#key={MetricsService.ApiKey}");

        var dom = await HeadlessChromium.DumpDomAsync(page);

        Assert.Equal(("$555.00", "10 invoices"), DashboardCard.Read(dom, "failed"));
        Assert.Equal(("$190.00", "4 cases closed in range"), DashboardCard.Read(dom, "recovered"));
        Assert.Equal(("$350.00", "5 cases closed in range"), DashboardCard.Read(dom, "lost"));
        Assert.Equal(("$26.00", "2 cases, whenever they failed"), DashboardCard.Read(dom, "open"));
        Assert.Equal(("35.2 %", "by amount · by count 44.4 % of 9 closed"), DashboardCard.Read(dom, "recovery-rate"));
        Assert.Equal(("42.0 h", "median · p90 81.6 h"), DashboardCard.Read(dom, "time-to-recover"));
        Assert.Contains("<canvas id=\"chart-revenue\"", dom);
        Assert.Contains("insufficient_funds", dom); // the breakdown tables
    }

    [Fact]
    public async Task Rebuilding_the_aggregates_from_the_ledger_gives_what_the_triggers_kept()
    {
        var kept = await AggregateSnapshot.AsReportedAsync(Service.Database);

        await Service.Database.ExecuteAsync("SELECT metrics.rebuild_rollup()");

        Assert.Contains("live|usd|total|2026-03-02|failed||1|10000", kept);
        Assert.Contains("live|usd|2026-03-16|96|1", kept); // in_u4, recovered after 96 hours
        Assert.Contains("live|2026-03-20|0|1|1", kept); // sub_4 cancelled for failed payment
        Assert.Equal(kept, await AggregateSnapshot.FoldedAsync(Service.Database));
        Assert.Equal(kept, await AggregateSnapshot.AsReportedAsync(Service.Database));
    }

    [Fact]
    public async Task Folding_the_ledger_changes_into_the_aggregates_leaves_every_figure_as_reported()
    {
        var reported = await AggregateSnapshot.AsReportedAsync(Service.Database);

        await Service.Database.ExecuteAsync("SELECT metrics.fold_ledger_changes() + metrics.fold_subscription_changes()");

        Assert.Equal(0, await Service.Database.CountAsync("SELECT count(*) FROM metrics.ledger_changes"));
        Assert.Equal(0, await Service.Database.CountAsync("SELECT count(*) FROM metrics.subscription_changes"));
        Assert.Contains("live|2026-03-20|0|1|1", reported); // sub_4 cancelled for failed payment
        Assert.Contains("live|usd|total|2026-03-02|failed||1|10000", reported);
        Assert.Equal(reported, await AggregateSnapshot.FoldedAsync(Service.Database));
    }

    [Fact]
    public async Task Prometheus_reports_recovered_and_lost_revenue_open_cases_and_recovery_rate_per_currency()
    {
        string scrape = "";
        await Eventually.HoldsAsync(async () =>
        {
            scrape = await Service.Management.GetStringAsync("/metrics");
            return scrape.Contains("dunning_metrics_open_cases", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10), "the gauges are scraped");

        // All history: usd recovered 19000, lost 35000, open in_u10, in_u11, in_u12; eur recovered 5000, lost 7000.
        Assert.Matches("dunning_metrics_recovered_revenue[^{]*\\{[^}]*currency=\"usd\"[^}]*\\} 19000", scrape);
        Assert.Matches("dunning_metrics_lost_revenue[^{]*\\{[^}]*currency=\"usd\"[^}]*\\} 35000", scrape);
        Assert.Matches("dunning_metrics_open_cases[^{]*\\{[^}]*currency=\"usd\"[^}]*\\} 3", scrape);
        Assert.Matches("dunning_metrics_lost_revenue[^{]*\\{[^}]*currency=\"eur\"[^}]*\\} 7000", scrape);
        Assert.Matches("dunning_metrics_recovery_rate[^{]*\\{[^}]*currency=\"eur\"[^}]*\\} 0\\.41666", scrape);
        Assert.Contains("dunning_metrics_consumer_lag", scrape);
    }

    [Fact]
    [Trait("Suite", "ForgedInput")]
    public async Task The_public_port_has_no_metrics_so_no_revenue_figure_leaves_without_the_key()
    {
        await Eventually.HoldsAsync(async () =>
            (await Service.Management.GetStringAsync("/metrics")).Contains("dunning_metrics_recovered_revenue", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the management port serves the revenue gauges");
        using var anonymous = new HttpClient { BaseAddress = Service.Process.BaseAddress };

        var response = await anonymous.GetAsync("/metrics");
        using var forgedHost = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = Service.Management.BaseAddress!.Authority } };
        var withForgedHost = await anonymous.SendAsync(forgedHost);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("revenue", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, withForgedHost.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Service.Api.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Currency_picker_lists_each_currency_of_the_ledger()
    {
        var currencies = await Service.GetJsonAsync("/api/reports/currencies");

        Assert.Equal(["eur", "usd"], currencies.EnumerateArray().Select(c => c.GetString()!));
    }

    [Fact]
    public async Task Monthly_churn_counts_starts_and_cancellations_across_the_february_boundary()
    {
        var churn = await Service.GetJsonAsync("/api/reports/churn?from=2026-02-01&to=2026-03-31&period=month");
        var rows = churn.GetProperty("rows").EnumerateArray().ToList();

        Assert.Equal(2, rows.Count);
        // February: S = sub_1..3, E = sub_1, sub_3, sub_4, sub_6 (started 23:59:59 on the 28th), N = sub_4, sub_6, involuntary = sub_2.
        AssertChurn(rows[0], "2026-02-01", "2026-02-28", s: 3, e: 4, n: 2, involuntary: 1);
        Assert.Equal(Math.Round(1m / 3m, 6), rows[0].GetProperty("involuntaryChurnRate").GetDecimal());
        Assert.Equal(Math.Round(-1m / 3m, 6), rows[0].GetProperty("churnRate").GetDecimal());
        Assert.Equal(Math.Round(200m / 3m, 6), rows[0].GetProperty("retentionRate").GetDecimal());
        // March: S = sub_1, sub_3, sub_4, sub_6; E = sub_1, sub_5, sub_6; N = sub_5; involuntary = sub_4.
        AssertChurn(rows[1], "2026-03-01", "2026-03-31", s: 4, e: 3, n: 1, involuntary: 1);
        Assert.Equal(0.25m, rows[1].GetProperty("involuntaryChurnRate").GetDecimal());
        Assert.Equal(0.25m, rows[1].GetProperty("churnRate").GetDecimal());
        Assert.Equal(50m, rows[1].GetProperty("retentionRate").GetDecimal());
    }

    [Fact]
    public async Task Weekly_churn_clips_the_first_and_last_week_to_the_range()
    {
        var churn = await Service.GetJsonAsync("/api/reports/churn?from=2026-03-04&to=2026-03-10&period=week");
        var rows = churn.GetProperty("rows").EnumerateArray().ToList();

        // 2026-03-04 is a Wednesday: weeks Wed 4 – Sun 8 and Mon 9 – Tue 10. sub_3 cancels on the 5th (not involuntary); sub_5 starts on the 10th.
        AssertChurn(rows[0], "2026-03-04", "2026-03-08", s: 4, e: 3, n: 0, involuntary: 0);
        AssertChurn(rows[1], "2026-03-09", "2026-03-10", s: 3, e: 4, n: 1, involuntary: 0);
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task Csv_of_every_report_carries_the_same_figures_as_its_json()
    {
        var summaryJson = await Service.GetJsonAsync($"/api/reports/summary?{March}&currency=usd");
        var summaryCsv = await CsvAsync($"/api/reports/summary?{March}&currency=usd&format=csv");
        Assert.Equal(["figure", "value"], summaryCsv[0]);
        var figures = summaryCsv.Skip(1).ToDictionary(l => l[0], l => l[1]);
        Assert.Equal(summaryJson.GetProperty("failed").GetProperty("amountMinor").GetRawText(), figures["failed.amountMinor"]);
        Assert.Equal(summaryJson.GetProperty("recoveredByMethod").GetProperty("OutOfBand").GetProperty("count").GetRawText(),
            figures["recoveredByMethod.OutOfBand.count"]);
        Assert.Equal(summaryJson.GetProperty("recoveryRateByAmount").GetRawText(), figures["recoveryRateByAmount"]);
        Assert.Equal(summaryJson.GetProperty("timeToRecoverP90Hours").GetRawText(), figures["timeToRecoverP90Hours"]);

        string[] paths = [$"/api/reports/breakdowns?{March}&currency=usd&by=decline_code", "/api/reports/churn?from=2026-02-01&to=2026-03-31&period=week"];
        foreach (var path in paths)
        {
            var rows = (await Service.GetJsonAsync(path)).GetProperty("rows").EnumerateArray().ToList();
            var csv = await CsvAsync(path, acceptHeader: true);
            Assert.Equal(rows.Count + 1, csv.Count);
            for (var i = 0; i < rows.Count; i++)
                Assert.Equal(rows[i].EnumerateObject().Select(p => p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null => "",
                    _ => p.Value.GetRawText(),
                }), csv[i + 1].Take(rows[i].EnumerateObject().Count())); // the report's own fields follow each row
        }
    }

    private async Task<List<string[]>> CsvAsync(string path, bool acceptHeader = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptHeader) request.Headers.Add("Accept", "text/csv");
        var response = await Service.Api.SendAsync(request);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
    }

    private async Task<SortedDictionary<string, (long, long, long, long, long, long)>> RowsAsync(string path)
    {
        var report = await Service.GetJsonAsync(path);
        return new SortedDictionary<string, (long, long, long, long, long, long)>(
            report.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!, r => (
                r.GetProperty("failedCount").GetInt64(), r.GetProperty("failedAmountMinor").GetInt64(),
                r.GetProperty("recoveredCount").GetInt64(), r.GetProperty("recoveredAmountMinor").GetInt64(),
                r.GetProperty("lostCount").GetInt64(), r.GetProperty("lostAmountMinor").GetInt64())), StringComparer.Ordinal);
    }

    private static void AssertMoney(JsonElement money, long count, long amountMinor)
    {
        Assert.Equal(count, money.GetProperty("count").GetInt64());
        Assert.Equal(amountMinor, money.GetProperty("amountMinor").GetInt64());
    }

    private static void AssertChurn(JsonElement row, string from, string to, long s, long e, long n, long involuntary)
    {
        Assert.Equal((from, to, s, e, n, involuntary), (row.GetProperty("from").GetString()!, row.GetProperty("to").GetString()!,
            row.GetProperty("s").GetInt64(), row.GetProperty("e").GetInt64(), row.GetProperty("n").GetInt64(),
            row.GetProperty("involuntaryCanceled").GetInt64()));
    }
}

public sealed class InOrderScenarioTests(InOrderScenario fixture) : ScenarioTests(fixture), IClassFixture<InOrderScenario>;

public sealed class ReorderedRedeliveredScenarioTests(ReorderedRedeliveredScenario fixture)
    : ScenarioTests(fixture), IClassFixture<ReorderedRedeliveredScenario>;
