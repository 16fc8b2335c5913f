using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dunning.Metrics.Tests.Support;

namespace Dunning.Metrics.Tests.Backtests;

/// <summary><c>POST</c> and <c>GET /api/backtests</c>: a report is stored once, listed, read back whole; anything else is refused with why.</summary>
public sealed class BacktestApiTests(MetricsService service) : IClassFixture<MetricsService>
{
    [Fact]
    public async Task A_report_is_stored_listed_and_read_back_and_publishing_it_again_stores_nothing_new()
    {
        var report = SampleBacktest.Report();
        report["seed"] = 1;

        var first = await service.PublishAsync(report);
        var again = await service.Api.PostAsync("/api/backtests", new StringContent(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }),
            Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        var (created, repeated) = (Parse(await first.Content.ReadAsStringAsync()), Parse(await again.Content.ReadAsStringAsync()));
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal($"/api/backtests/{id}", first.Headers.Location?.ToString());
        Assert.Equal(created.ToString(), repeated.ToString()); // the same id and the first arrival's time, whatever the spacing
        Assert.Equal(1, await service.Database.CountAsync($"SELECT count(*) FROM metrics.backtest_reports WHERE id = '{id}'"));

        var listed = (await service.GetJsonAsync("/api/backtests")).EnumerateArray().Single(b => b.GetProperty("id").GetString() == id);
        Assert.Equal(("history.jsonl", 200, "default,aggressive"), (listed.GetProperty("history").GetString(), listed.GetProperty("failures").GetInt32(),
            string.Join(',', listed.GetProperty("policies").EnumerateArray().Select(p => p.GetString()))));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), listed.GetProperty("from").GetDateTimeOffset());

        var stored = await service.GetJsonAsync($"/api/backtests/{id}");
        Assert.Equal(created.GetProperty("receivedAt").GetDateTimeOffset(), stored.GetProperty("receivedAt").GetDateTimeOffset());
        var readBack = JsonNode.Parse(stored.GetProperty("report").GetRawText())!;
        Assert.Equal(0.117, readBack["policies"]![0]!["rate"]!["width"]!.GetValue<double>(), 9);
        Assert.True(JsonNode.DeepEquals(report, WithoutWidths(readBack)), readBack.ToJsonString());
    }

    [Theory]
    [InlineData("missing", "missing required properties including: 'policies'")]
    [InlineData("unknown", "'recoverd' could not be mapped")]
    [InlineData("array", "The body is not a backtest report")]
    [InlineData("no policy", "'policies' has 0 reports")]
    [InlineData("other failures", "Policy 'aggressive': it backtested 150 failures, the report 200")]
    [InlineData("bad interval", "Policy 'default': 'rate' [0.7, 0.6] is not an interval")]
    [InlineData("no failures", "The report backtested 0 failures: nothing to compare")]
    [InlineData("null name", "Path: $.policies[0].name")]
    public async Task A_body_that_is_not_a_backtest_report_is_refused_with_the_reason_and_nothing_is_stored(string what, string reason)
    {
        var report = SampleBacktest.Report();
        report["seed"] = 1000 + what.Length;
        var policy = report["policies"]![0]!.AsObject();
        JsonNode body = report;
        switch (what)
        {
            case "missing": report.Remove("policies"); break;
            case "unknown": policy["recoverd"] = 1; break;
            case "array": body = report["policies"]!.DeepClone(); break;
            case "no policy": report["policies"] = new JsonArray(); break;
            case "other failures": report["policies"]![1]!["failures"] = 150; break;
            case "bad interval": policy["rate"] = new JsonObject { ["estimate"] = 0.65, ["lower"] = 0.7, ["upper"] = 0.6 }; break;
            case "no failures": report["failures"] = 0; break;
            default: policy["name"] = null; break;
        }
        var before = await service.Database.CountAsync("SELECT count(*) FROM metrics.backtest_reports");

        var response = await service.PublishAsync(body);

        var answer = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Parse(answer).GetProperty("error").GetString()!;
        Assert.Contains(reason, error);
        Assert.EndsWith("scripts/lab.sh backtest --json prints, as it is (or run the backtest with --publish).", error);
        Assert.Equal(before, await service.Database.CountAsync("SELECT count(*) FROM metrics.backtest_reports"));
    }

    [Fact]
    public async Task A_deleted_report_is_gone_from_the_list_and_by_id_and_the_others_stay()
    {
        var (kept, deleted) = (SampleBacktest.Report(), SampleBacktest.Report());
        (kept["seed"], deleted["seed"]) = (2, 3);
        var keptId = Parse(await (await service.PublishAsync(kept)).Content.ReadAsStringAsync()).GetProperty("id").GetString()!;
        var deletedId = Parse(await (await service.PublishAsync(deleted)).Content.ReadAsStringAsync()).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await service.Api.DeleteAsync($"/api/backtests/{deletedId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await service.Api.GetAsync($"/api/backtests/{deletedId}")).StatusCode);
        var listed = (await service.GetJsonAsync("/api/backtests")).EnumerateArray().Select(b => b.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain(deletedId, listed);
        Assert.Contains(keptId, listed);
        Assert.Equal(HttpStatusCode.OK, (await service.Api.GetAsync($"/api/backtests/{keptId}")).StatusCode);
        var again = await service.Api.DeleteAsync($"/api/backtests/{deletedId}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.StartsWith($"No backtest report '{deletedId}'", Parse(await again.Content.ReadAsStringAsync()).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/backtests/latest", HttpStatusCode.BadRequest, "'latest' is not a backtest report id")]
    [InlineData("GET", "/api/backtests/0123456789abcdef", HttpStatusCode.NotFound, "No backtest report '0123456789abcdef'")]
    [InlineData("DELETE", "/api/backtests/all", HttpStatusCode.BadRequest, "'all' is not a backtest report id")]
    public async Task A_bad_or_unknown_id_is_answered_with_why(string method, string path, HttpStatusCode status, string reason)
    {
        var response = await service.Api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith(reason, Parse(await response.Content.ReadAsStringAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Reports_need_the_api_key_and_a_json_body()
    {
        using var anonymous = new HttpClient { BaseAddress = service.Process.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/backtests")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync("/api/backtests/0123456789abcdef")).StatusCode);

        var text = await service.Api.PostAsync("/api/backtests", new StringContent(SampleBacktest.Report().ToJsonString(), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.StartsWith("The body must be JSON (Content-Type: application/json).",
            Parse(await text.Content.ReadAsStringAsync()).GetProperty("error").GetString());
    }

    /// <summary>Drops the intervals' widths, which the service works out again from their limits.</summary>
    private static JsonNode WithoutWidths(JsonNode node)
    {
        (node as JsonObject)?.Remove("width");
        foreach (var child in node switch { JsonObject o => o.Select(p => p.Value), JsonArray a => a, _ => [] })
            if (child is not null) WithoutWidths(child);
        return node;
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
