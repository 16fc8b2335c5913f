using System.Text;
using System.Text.Json.Nodes;
using Dunning.Metrics.Tests.Support;

namespace Dunning.Metrics.Tests.Backtests;

/// <summary>
/// A backtest report as <c>lab.sh backtest --json</c> prints it (the lab's own output is published in Dunning.PolicyLab.Tests), with
/// figures chosen to be told apart on the page: "default" and "aggressive" on 200 failures, amounts in usd and eur. The lab also writes
/// each interval's width, which the service works out again.
/// </summary>
public static class SampleBacktest
{
    public static JsonObject Report() => JsonNode.Parse("""
        {
          "history": "history.jsonl", "from": "2026-01-01T00:00:00+00:00", "to": "2026-07-01T00:00:00+00:00", "failures": 200,
          "trainedOn": "history.jsonl", "trainingFailures": 200, "seed": 19,
          "policies": [
            {
              "name": "default", "file": "bench/lab/policies/default.json", "failures": 200,
              "recovered": { "estimate": 132.8, "lower": 121, "upper": 144.1 },
              "rate": { "estimate": 0.664, "lower": 0.605, "upper": 0.722 },
              "recoveredAmount": [
                { "currency": "eur", "amountMinor": { "estimate": 45000, "lower": 39000, "upper": 51000 } },
                { "currency": "usd", "amountMinor": { "estimate": 265600, "lower": 241000, "upper": 290000 } }
              ],
              "medianDaysToRecover": 2.5, "meanDaysToRecover": 4.1, "plannedRetries": 753, "payCalls": 402.3, "emails": 812.6,
              "network": {
                "load": [ { "network": "mastercard", "cards": 80, "median": 3, "p90": 4, "max": 6 },
                          { "network": "visa", "cards": 120, "median": 3, "p90": 5, "max": 7 } ],
                "casesBreakingVisa": 0, "casesBreakingMastercard": 0, "fees": { "currency": "usd", "domestic": 0, "crossBorder": 0 }
              }
            },
            {
              "name": "aggressive", "file": "bench/lab/policies/aggressive.json", "failures": 200,
              "recovered": { "estimate": 140.2, "lower": 128.5, "upper": 151 },
              "rate": { "estimate": 0.701, "lower": 0.643, "upper": 0.755 },
              "recoveredAmount": [
                { "currency": "eur", "amountMinor": { "estimate": 47500, "lower": 41000, "upper": 54000 } },
                { "currency": "usd", "amountMinor": { "estimate": 280400, "lower": 256000, "upper": 305000 } }
              ],
              "medianDaysToRecover": 1.5, "meanDaysToRecover": 3.2, "plannedRetries": 1400, "payCalls": 650.5, "emails": 790.4,
              "network": {
                "load": [ { "network": "mastercard", "cards": 80, "median": 5, "p90": 8, "max": 11 },
                          { "network": "visa", "cards": 120, "median": 6, "p90": 9, "max": 16 } ],
                "casesBreakingVisa": 3, "casesBreakingMastercard": 2, "fees": { "currency": "usd", "domestic": 4.5, "crossBorder": 6 }
              }
            }
          ]
        }
        """)!.AsObject();

    public static Task<HttpResponseMessage> PublishAsync(this MetricsService service, JsonNode report) =>
        service.Api.PostAsync("/api/backtests", new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json"));

    public static async Task<string> PublishedIdAsync(this MetricsService service, JsonNode report)
    {
        var response = await service.PublishAsync(report);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }
}
