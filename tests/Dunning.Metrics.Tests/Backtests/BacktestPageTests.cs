using System.Text.Json.Nodes;
using Dunning.Metrics.Tests.Support;
using Dunning.Testing;

namespace Dunning.Metrics.Tests.Backtests;

/// <summary>The backtests page in Chromium: how to publish while nothing is, then the published report side by side, in a table and charts.</summary>
public sealed class BacktestPageTests(MetricsService service) : IClassFixture<MetricsService>
{
    /// <summary>Set by the page once it shows a report (its id), the empty list ("none") or an error ("error").</summary>
    private const string Shown = "document.body.dataset.shown";

    /// <summary>Also retakes docs/backtests.png with <c>DUNNING_SCREENSHOTS=docs</c>.</summary>
    [Fact]
    public async Task The_page_says_how_to_publish_until_a_report_is_then_compares_its_policies_in_a_table_and_charts()
    {
        await using (var empty = await ChromiumPage.OpenAsync(Page(""), 1280, 800, Shown))
        {
            Assert.Equal("none", await TextAsync(empty, Shown));
            Assert.Contains("No backtest published yet. Publish one with Api__Key=", await empty.DomAsync());
        }
        var id = await service.PublishedIdAsync(SampleBacktest.Report());

        await using var page = await ChromiumPage.OpenAsync(Page(""), 1280, 800, Shown);

        Assert.Equal(id, await TextAsync(page, Shown));
        Assert.Equal("default vs aggressive on history.jsonl", await TextAsync(page, "document.getElementById('report-title').textContent"));
        var rows = (await page.EvaluateAsync("[...document.querySelectorAll('#comparison tbody tr')].map(r => [...r.cells].map(c => c.textContent))"))!
            .AsArray().Select(r => r!.AsArray().Select(c => c!.GetValue<string>()).ToList()).ToDictionary(r => r[0], r => r[1..]);
        Assert.Equal(["66.4 % (60.5 % to 72.2 %)", "70.1 % (64.3 % to 75.5 %)"], rows["Recovery rate"]);
        Assert.Equal(["$2,656.00 ($2,410.00 to $2,900.00)", "$2,804.00 ($2,560.00 to $3,050.00)"], rows["Recovered USD"]);
        Assert.Equal(["€450.00 (€390.00 to €510.00)", "€475.00 (€410.00 to €540.00)"], rows["Recovered EUR"]);
        Assert.Equal(["753 (3.77 per failure)", "1400 (7.00 per failure)"], rows["Retries planned (all declined)"]);
        Assert.Equal(["813 (4.06 per failure)", "790 (3.95 per failure)"], rows["Emails (expected, default cadence)"]);
        Assert.Equal(["median 3, p90 5, max 7 (120 cards)", "median 6, p90 9, max 16 (120 cards)"], rows["visa: attempts per card in 30 days"]);
        Assert.Equal(["0", "3"], rows["Cases breaking a Visa limit"]);
        Assert.Equal(["$0.00 / $0.00", "$4.50 / $6.00"], rows["Fees of rule-breaking attempts (domestic / cross-border)"]);

        Assert.Equal("[[[60.5,72.2],[64.3,75.5]],[66.4,70.1]]", await ChartDataAsync(page, "chart-rate"));
        Assert.Equal("[[[2410,2900],[2560,3050]],[2656,2804]]", await ChartDataAsync(page, "chart-amount-usd"));
        Assert.Equal("[[2.5,1.5],[4.1,3.2]]", await ChartDataAsync(page, "chart-time"));
        Assert.Equal("[[6,11],[7,16]]", await ChartDataAsync(page, "chart-load"));
        Assert.Equal("[[0,3],[0,2]]", await ChartDataAsync(page, "chart-rules"));
        var drawn = await page.EvaluateAsync("[...document.querySelectorAll('canvas')].filter(c => Chart.getChart(c) && c.width > 0 && c.toDataURL() "
            + "!== Object.assign(document.createElement('canvas'), { width: c.width, height: c.height }).toDataURL()).map(c => c.id)");
        Assert.Equal(["chart-rate", "chart-amount-eur", "chart-amount-usd", "chart-effort", "chart-time", "chart-load", "chart-rules", "chart-fees"],
            drawn!.AsArray().Select(c => c!.GetValue<string>()));
        await page.AssertFitsItsWidthAsync();
        await page.SaveScreenshotAsync("backtests.png");

        await using var phone = await ChromiumPage.OpenAsync(Page($"?id={id}"), 390, 844, Shown);
        await phone.AssertFitsItsWidthAsync();
    }

    [Fact]
    public async Task Delete_on_the_shown_report_removes_it_from_the_list_and_the_page_and_leaves_the_others()
    {
        var (kept, deleted) = (SampleBacktest.Report(), SampleBacktest.Report());
        (kept["seed"], deleted["seed"]) = (4, 5);
        var keptId = await service.PublishedIdAsync(kept);
        var deletedId = await service.PublishedIdAsync(deleted);
        try
        {
            await using var page = await ChromiumPage.OpenAsync(Page($"?id={deletedId}"), 1280, 800, Shown);
            Assert.Equal(deletedId, await TextAsync(page, Shown));

            await page.EvaluateAsync($"[...document.querySelectorAll('#list tbody tr')].find(r => r.querySelector('a').href.endsWith('{deletedId}'))"
                + ".querySelector('button').click()");

            await Eventually.HoldsAsync(async () => await TextAsync(page, Shown) == $"deleted {deletedId}", "the page deleted the report");
            Assert.True((await page.EvaluateAsync("document.getElementById('report').hidden"))!.GetValue<bool>(), "the deleted report is no longer shown");
            var listed = (await page.EvaluateAsync("[...document.querySelectorAll('#list tbody tr a')].map(a => a.href).join(' ')"))!.GetValue<string>();
            Assert.DoesNotContain(deletedId, listed);
            Assert.Contains(keptId, listed);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await service.Api.GetAsync($"/api/backtests/{deletedId}")).StatusCode);
        }
        finally
        {
            await service.Api.DeleteAsync($"/api/backtests/{keptId}"); // the class's first test starts with no report published
        }
    }

    [Fact]
    public async Task An_unknown_report_says_so()
    {
        await using var page = await ChromiumPage.OpenAsync(Page("?id=0123456789abcdef"), 1280, 800, Shown);

        Assert.Equal("error", await TextAsync(page, Shown));
        Assert.StartsWith("No backtest report '0123456789abcdef'", await TextAsync(page, "document.getElementById('status').textContent"));
    }

    private Uri Page(string query) => new(service.Process.BaseAddress, $"/backtests.html{query}#key={MetricsService.ApiKey}");

    private static async Task<string> TextAsync(ChromiumPage page, string expression) => (await page.EvaluateAsync(expression))!.GetValue<string>();

    /// <summary>Each dataset's points as drawn, rounded to two decimals (a floating bar is its two ends).</summary>
    private static async Task<string> ChartDataAsync(ChromiumPage page, string canvas) => (await page.EvaluateAsync(
        $"JSON.stringify(Chart.getChart('{canvas}').data.datasets.map(d => d.data.map(v => Array.isArray(v) ? v.map(x => +x.toFixed(2)) : +v.toFixed(2))))"))!
        .GetValue<string>();
}
