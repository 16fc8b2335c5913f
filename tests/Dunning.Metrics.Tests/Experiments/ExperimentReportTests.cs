using System.Net;
using System.Text.Json;
using Dunning.Contracts;
using Dunning.Lab.Experiments;
using Dunning.Lab.History;
using Dunning.Lab.Statistics;
using Dunning.Metrics.Tests.Support;
using Dunning.Testing;

namespace Dunning.Metrics.Tests.Experiments;

/// <summary>
/// The per-arm report on a seeded ledger. Experiment E: control "current" 10 usd cases, 4 recovered (10.00 each); "six_hours" 12
/// cases, 9 recovered (8 usd at 10.00, 1 eur at 5.00) and 3 lost. Beside them, outside E's live figures: a case of another
/// experiment, a case with no experiment and a test-mode case of E.
/// </summary>
public sealed class ExperimentReportTests(ExperimentReportTests.Ledger ledger) : IClassFixture<ExperimentReportTests.Ledger>
{
    public static readonly Guid E = Guid.Parse("0193a5d4-7c00-7000-8000-0000000000e1");
    private static readonly Guid Other = Guid.Parse("0193a5d4-7c00-7000-8000-0000000000e2");
    private MetricsService Service => ledger.Service;

    [Fact]
    public async Task Each_arm_has_its_closed_cases_rate_and_amounts_and_the_candidate_its_difference_from_the_control()
    {
        var report = await Service.GetJsonAsync($"/api/experiments/{E}/report");

        Assert.Equal((E.ToString(), "live", "current"),
            (report.GetProperty("experimentId").GetString(), report.GetProperty("mode").GetString(), report.GetProperty("control").GetString()));
        var arms = report.GetProperty("arms").EnumerateArray().ToList();
        Assert.Equal(["current", "six_hours"], arms.Select(a => a.GetProperty("arm").GetString()));
        var (current, sixHours) = (arms[0], arms[1]);
        Assert.Equal((true, 10, 4), Counts(current));
        Assert.Equal((false, 12, 9), Counts(sixHours));

        // Wilson's 95 % interval for 4 of 10 is [0.168, 0.687] (Newcombe 1998a, table I gives the same method's limits).
        Assert.Equal((0.4, 0.1682, 0.6873), Rounded(current.GetProperty("rate")));
        Assert.Equal(Rounded(ProportionInterval.Wilson(9, 12)), Rounded(sixHours.GetProperty("rate")));
        Assert.Equal(JsonValueKind.Null, current.GetProperty("versusControl").ValueKind);

        // Pooled z-test by hand: p = 13/22, se = √(p(1−p)(1/12 + 1/10)) = 0.2105, z = 0.35 / se = 1.663, two-sided p = 0.0964.
        var versus = sixHours.GetProperty("versusControl");
        var difference = versus.GetProperty("rateDifference");
        Assert.Equal(0.0964, difference.GetProperty("pValue").GetDouble(), 4);
        var expected = ExperimentAnalysis.Compare(Summary("six_hours", 12, 9), Summary("current", 10, 4));
        Assert.Equal(Rounded(expected.RateDifference.Difference), Rounded(difference.GetProperty("difference")));
        Assert.Equal(0.35, difference.GetProperty("difference").GetProperty("estimate").GetDouble(), 9);
        Assert.Equal(expected.StillNeededPerArm, versus.GetProperty("stillNeededPerArm").GetInt32());
        Assert.True(expected.StillNeededPerArm > 0, "13 cases more or less cannot settle a 35-point gap at 80 % power");

        Assert.Equal([("usd", 4000d)], Amounts(current).Select(a => (a.Currency, a.Amount.Estimate)));
        Assert.Equal([("eur", 500d), ("usd", 8000d)], Amounts(sixHours).Select(a => (a.Currency, a.Amount.Estimate)));
        var usd = ExperimentAnalysis.Summarize("six_hours", [.. Enumerable.Repeat(RecoveryOutcome.NotRecovered, 3), .. Enumerable.Repeat(Paid(1000), 8)], 19);
        Assert.Equal(Rounded(usd.RecoveredAmountMinor), Rounded(Amounts(sixHours).Single(a => a.Currency == "usd").Amount));
    }

    [Fact]
    public async Task Test_mode_cases_are_reported_apart_and_an_experiment_without_closed_cases_has_no_arms()
    {
        var test = await Service.GetJsonAsync($"/api/experiments/{E}/report?mode=test");
        var arm = Assert.Single(test.GetProperty("arms").EnumerateArray());
        Assert.Equal(("current", 1, 1), (arm.GetProperty("arm").GetString(), arm.GetProperty("cases").GetInt32(), arm.GetProperty("recovered").GetInt32()));

        var none = await Service.GetJsonAsync($"/api/experiments/{Guid.NewGuid()}/report");
        Assert.Equal(0, none.GetProperty("arms").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("control").ValueKind);
    }

    [Fact]
    public async Task Csv_has_a_row_per_arm_and_currency()
    {
        var csv = (await Service.Api.GetStringAsync($"/api/experiments/{E}/report?format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("arm,control,cases,recovered,rate,rateLower,rateUpper,difference,differenceLower,differenceUpper,pValue,stillNeededPerArm,"
            + "currency,recoveredAmountMinor,recoveredAmountLower,recoveredAmountUpper,experimentId,mode", csv[0]);
        Assert.Equal(["current,true,10,4,0.4", "six_hours,false,12,9,0.75", "six_hours,false,12,9,0.75"],
            csv[1..].Select(line => string.Join(',', line.Split(',')[..5])));
        Assert.All(csv[1].Split(',')[7..12], cell => Assert.Equal("", cell)); // the control has no difference from itself
        Assert.Equal(["usd,4000", "eur,500", "usd,8000"], csv[1..].Select(line => string.Join(',', line.Split(',')[12..14])));
        Assert.All(csv[1..], line => Assert.EndsWith($",{E},live", line));
    }

    [Fact]
    public async Task The_experiments_page_shows_the_report_and_says_why_the_experiments_could_not_be_listed()
    {
        // The scheduler is not running here (Metrics:SchedulerUrl is port 1): the list says so, the report is this service's own.
        var dom = await HeadlessChromium.DumpDomAsync(new Uri(Service.Process.BaseAddress, $"/experiments.html?id={E}#key={MetricsService.ApiKey}"));

        Assert.Contains("the retry scheduler did not answer", dom);
        Assert.Contains("six_hours", dom);
        Assert.Contains("75.0 % (", dom);
        Assert.Contains("current (control)", dom);
        Assert.Contains("$80.00", dom);
    }

    [Fact]
    public async Task The_page_asks_the_scheduler_for_experiments_and_says_when_it_cannot()
    {
        var list = await Service.Api.GetAsync("/api/console/experiments");
        Assert.Equal(HttpStatusCode.BadGateway, list.StatusCode);
        Assert.Contains("the retry scheduler did not answer", await list.Content.ReadAsStringAsync());

        var unknown = await Service.Api.PostAsync($"/api/console/experiments/{E}/resume", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("'resume' is not an action on an experiment: freeze, stop.", await unknown.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/experiments/latest/report", "'latest' is not an experiment id")]
    [InlineData("/api/experiments/0193a5d4-7c00-7000-8000-0000000000e1/report?mode=all", "'mode' must be live or test")]
    public async Task A_bad_id_or_mode_is_refused_with_a_reason(string path, string reason)
    {
        var response = await Service.Api.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(reason, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    private static (bool, int, int) Counts(JsonElement arm) =>
        (arm.GetProperty("control").GetBoolean(), arm.GetProperty("cases").GetInt32(), arm.GetProperty("recovered").GetInt32());

    private static ArmSummary Summary(string arm, int cases, int recovered) =>
        new(arm, cases, recovered, ProportionInterval.Wilson(recovered, cases), default);

    private static RecoveryOutcome Paid(long amount) => new(true, amount, null);

    private static (double, double, double) Rounded(Interval i) => (Math.Round(i.Estimate, 4), Math.Round(i.Lower, 4), Math.Round(i.Upper, 4));

    private static (double, double, double) Rounded(JsonElement i) => Rounded(new Interval(i.GetProperty("estimate").GetDouble(),
        i.GetProperty("lower").GetDouble(), i.GetProperty("upper").GetDouble()));

    private static IEnumerable<(string Currency, Interval Amount)> Amounts(JsonElement arm) =>
        arm.GetProperty("recoveredAmounts").EnumerateArray().Select(a => (a.GetProperty("currency").GetString()!, new Interval(
            a.GetProperty("recoveredAmountMinor").GetProperty("estimate").GetDouble(), a.GetProperty("recoveredAmountMinor").GetProperty("lower").GetDouble(),
            a.GetProperty("recoveredAmountMinor").GetProperty("upper").GetDouble())));

    /// <summary>The seeded ledger: the closes carry the arms, as the scheduler's outcome messages do.</summary>
    public sealed class Ledger : IAsyncLifetime
    {
        public MetricsService Service { get; } = new();

        public async Task InitializeAsync()
        {
            await Service.InitializeAsync();
            var messages = new List<IDunningMessage>();
            var n = 0;
            void Close(ExperimentArm? arm, bool recovered, long amount = 1000, string currency = "usd")
            {
                var invoice = $"in_exp_{++n}";
                messages.Add(recovered
                    ? Scenario.Recovered(invoice, amount, currency, "2026-05-01T00:00:00", "2026-05-02T00:00:00", RecoveryMethod.Retry, 1) with
                    {
                        Experiment = arm,
                    }
                    : Scenario.Lost(invoice, amount, currency, "2026-05-01T00:00:00", "2026-05-15T00:00:00", LossReason.RetriesExhausted) with
                    {
                        Experiment = arm,
                    });
            }
            var current = new ExperimentArm(E, "current", true);
            var sixHours = new ExperimentArm(E, "six_hours", false);
            for (var i = 0; i < 10; i++) Close(current, recovered: i < 4);
            for (var i = 0; i < 8; i++) Close(sixHours, recovered: true);
            Close(sixHours, recovered: true, 500, "eur");
            for (var i = 0; i < 3; i++) Close(sixHours, recovered: false);
            Close(new ExperimentArm(Other, "current", true), recovered: true);
            Close(arm: null, recovered: false);
            messages.Add(Scenario.Failed("in_exp_test", 1000, "usd", "2026-05-01T00:00:00", "insufficient_funds", "visa", livemode: false));
            messages.Add(Scenario.Recovered("in_exp_test", 1000, "usd", "2026-05-01T00:00:00", "2026-05-02T00:00:00", RecoveryMethod.Retry, 1) with
            {
                Experiment = current,
            });
            foreach (var message in messages)
                await Service.PublishAsync((dynamic)message);
            await Service.HandledAsync(messages.Count);
        }

        public Task DisposeAsync() => Service.DisposeAsync();
    }
}
