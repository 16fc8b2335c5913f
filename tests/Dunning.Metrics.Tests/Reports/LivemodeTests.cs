using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dunning.Metrics.Tests.Support;
using Dunning.Testing;

namespace Dunning.Metrics.Tests.Reports;

/// <summary>Test-mode data never mixes into live figures: every report counts live unless asked for test, never both.</summary>
public sealed class LivemodeTests(LivemodeScenario fixture) : IClassFixture<LivemodeScenario>
{
    private const string May = LivemodeScenario.May;
    private MetricsService Service => fixture.Service;

    [Theory]
    [InlineData("", 1, 1000, 1, 1000, 0, 0, 24d)] // the default is live, whatever the dashboard's default
    [InlineData("&mode=live", 1, 1000, 1, 1000, 0, 0, 24d)]
    [InlineData("&mode=test", 2, 8000, 1, 5000, 1, 3000, 10d)]
    public async Task Summary_counts_the_cases_of_the_mode_asked_for(string mode, long failed, long failedMinor, long recovered,
        long recoveredMinor, long lost, long lostMinor, double medianHours)
    {
        var summary = await Service.GetJsonAsync($"/api/reports/summary?{May}&currency=usd{mode}");

        Assert.Equal(mode.Length == 0 ? "live" : mode["&mode=".Length..], summary.GetProperty("mode").GetString());
        Assert.Equal((failed, failedMinor), Money(summary.GetProperty("failed")));
        Assert.Equal((recovered, recoveredMinor), Money(summary.GetProperty("recovered")));
        Assert.Equal((lost, lostMinor), Money(summary.GetProperty("lost")));
        Assert.Equal((0L, 0L), Money(summary.GetProperty("openAtEnd")));
        Assert.Equal(medianHours, summary.GetProperty("timeToRecoverMedianHours").GetDouble(), 9);
    }

    [Fact]
    public async Task Breakdowns_and_time_series_keep_the_modes_apart()
    {
        Assert.Equal(["insufficient_funds"], await KeysAsync($"/api/reports/breakdowns?{May}&currency=usd&by=decline_code"));
        Assert.Equal(["do_not_honor"], await KeysAsync($"/api/reports/breakdowns?{May}&currency=usd&by=decline_code&mode=test"));
        Assert.Equal(["2"], await KeysAsync($"/api/reports/breakdowns?{May}&currency=usd&by=attempt&mode=test"));

        Assert.Equal(["2026-05-02", "2026-05-03"], await DaysAsync(""));
        Assert.Equal(["2026-05-04", "2026-05-05", "2026-05-10"], await DaysAsync("&mode=test"));
    }

    [Theory]
    [InlineData("", 1, 1, 0, 0)]
    [InlineData("&mode=test", 1, 1, 1, 1)]
    public async Task Churn_counts_the_subscriptions_of_the_mode_asked_for(string mode, long s, long e, long n, long involuntary)
    {
        var churn = await Service.GetJsonAsync($"/api/reports/churn?{May}&period=month{mode}");

        var row = Assert.Single(churn.GetProperty("rows").EnumerateArray());
        Assert.Equal((s, e, n, involuntary), (row.GetProperty("s").GetInt64(), row.GetProperty("e").GetInt64(), row.GetProperty("n").GetInt64(),
            row.GetProperty("involuntaryCanceled").GetInt64()));
    }

    [Theory]
    [InlineData("", new[] { "usd" })]
    [InlineData("?mode=test", new[] { "gbp", "usd" })]
    public async Task Currency_picker_lists_the_currencies_of_the_mode(string mode, string[] expected)
    {
        var currencies = await Service.GetJsonAsync($"/api/reports/currencies{mode}");

        Assert.Equal(expected, currencies.EnumerateArray().Select(c => c.GetString()!));
    }

    [Fact]
    public async Task Csv_carries_the_figures_of_the_mode_asked_for()
    {
        var csv = await Service.Api.GetStringAsync($"/api/reports/summary?{May}&currency=usd&mode=test&format=csv");

        Assert.Contains("\r\nmode,test\r\n", csv);
        Assert.Contains("\r\nfailed.amountMinor,8000\r\n", csv);
        Assert.Contains("\r\nlost.amountMinor,3000\r\n", csv);
    }

    [Theory]
    [InlineData($"/api/reports/summary?{May}&currency=usd&mode=sandbox")]
    [InlineData($"/api/reports/breakdowns?{May}&currency=usd&by=attempt&mode=")]
    [InlineData($"/api/reports/timeseries?{May}&currency=usd&mode=livemode")]
    [InlineData($"/api/reports/churn?{May}&mode=false")]
    [InlineData("/api/reports/currencies?mode=both")]
    [InlineData($"/api/reports/funnel?{May}&currency=usd&mode=all")]
    public async Task A_mode_other_than_live_test_or_all_is_refused_with_a_reason(string path)
    {
        var response = await Service.Api.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>();
        Assert.StartsWith("'mode' must be live or test", error);
    }

    [Fact]
    public async Task Prometheus_labels_each_figure_with_its_mode()
    {
        string scrape = "";
        await Eventually.HoldsAsync(async () =>
        {
            scrape = await Service.Management.GetStringAsync("/metrics");
            return scrape.Contains("mode=\"test\"", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10), "the gauges are scraped with the test-mode figures");

        Assert.Equal(1000, Gauge(scrape, "dunning_metrics_recovered_revenue", "usd", "live"));
        Assert.Equal(5000, Gauge(scrape, "dunning_metrics_recovered_revenue", "usd", "test"));
        Assert.Equal(3000, Gauge(scrape, "dunning_metrics_lost_revenue", "usd", "test"));
        Assert.Equal(1, Gauge(scrape, "dunning_metrics_open_cases", "gbp", "test"));
        Assert.DoesNotMatch("dunning_metrics_open_cases[^{]*\\{[^}]*currency=\"gbp\"[^}]*mode=\"live\"", scrape);
    }

    [Fact]
    public async Task Folding_and_rebuilding_the_aggregates_keep_each_case_in_its_mode()
    {
        var reported = await AggregateSnapshot.AsReportedAsync(Service.Database);

        await Service.Database.ExecuteAsync("SELECT metrics.fold_ledger_changes() + metrics.fold_subscription_changes()");
        Assert.Equal(reported, await AggregateSnapshot.FoldedAsync(Service.Database));
        await Service.Database.ExecuteAsync("SELECT metrics.rebuild_rollup()");
        Assert.Equal(reported, await AggregateSnapshot.FoldedAsync(Service.Database));

        // The loss that came before its failure moved from live to test when the failure arrived.
        Assert.Contains("test|usd|total|2026-05-10|lost||1|3000", reported);
        Assert.DoesNotContain("live|usd|total|2026-05-10|lost", reported);
        Assert.Contains("test|2026-05-20|0|1|1", reported);
    }

    [Fact]
    public async Task Dashboard_starts_in_the_mode_the_service_sets_and_a_link_may_ask_for_another()
    {
        var byDefault = await HeadlessChromium.DumpDomAsync(new Uri(Service.Process.BaseAddress, $"/?{May}&currency=usd#key={MetricsService.ApiKey}"));
        var live = await HeadlessChromium.DumpDomAsync(new Uri(Service.Process.BaseAddress, $"/?{May}&currency=usd&mode=live#key={MetricsService.ApiKey}"));

        Assert.Contains("data-mode=\"test\"", byDefault);
        Assert.Equal(("$80.00", "2 invoices"), DashboardCard.Read(byDefault, "failed"));
        Assert.Equal(("$30.00", "1 cases closed in range"), DashboardCard.Read(byDefault, "lost"));
        Assert.Contains("data-mode=\"live\"", live);
        Assert.Equal(("$10.00", "1 invoices"), DashboardCard.Read(live, "failed"));
        Assert.Equal(("$0.00", "0 cases closed in range"), DashboardCard.Read(live, "lost"));
    }

    [Fact]
    [Trait("Suite", "ForgedInput")]
    public async Task Dashboard_shows_ledger_text_as_text()
    {
        var dom = await HeadlessChromium.DumpDomAsync(new Uri(Service.Process.BaseAddress, $"/?{May}&currency=gbp&mode=test#key={MetricsService.ApiKey}"));

        Assert.Contains("&lt;img src=x onerror=document.title='xss'&gt;", dom); // the card brand breakdown's key
        Assert.DoesNotContain(LivemodeScenario.CardBrandWithMarkup, dom);
        Assert.DoesNotContain("<title>xss</title>", dom);
    }

    [Fact]
    public async Task Dashboard_settings_carry_the_configured_default_mode()
    {
        var settings = await Service.GetJsonAsync("/api/dashboard/settings");

        Assert.Equal("test", settings.GetProperty("defaultMode").GetString());
    }

    private static double Gauge(string scrape, string name, string currency, string mode)
    {
        var line = scrape.Split('\n').SingleOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)
            && l.Contains($"currency=\"{currency}\"", StringComparison.Ordinal) && l.Contains($"mode=\"{mode}\"", StringComparison.Ordinal));
        Assert.True(line is not null, $"{name} for {currency} {mode} is scraped:\n{scrape}");
        return double.Parse(System.Text.RegularExpressions.Regex.Match(line, "\\} ([^ ]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<List<string>> KeysAsync(string path) =>
        (await Service.GetJsonAsync(path)).GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("key").GetString()!).ToList();

    private async Task<List<string>> DaysAsync(string mode) =>
        (await Service.GetJsonAsync($"/api/reports/timeseries?{May}&currency=usd{mode}")).GetProperty("rows").EnumerateArray()
            .Select(r => r.GetProperty("day").GetString()!).ToList();

    private static (long, long) Money(JsonElement money) => (money.GetProperty("count").GetInt64(), money.GetProperty("amountMinor").GetInt64());
}
