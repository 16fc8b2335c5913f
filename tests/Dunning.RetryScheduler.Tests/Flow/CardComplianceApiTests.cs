using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dunning.RetryScheduler.Domain;
using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>The card compliance report over a real run: the attempt the card's Visa budget postponed is a fee avoided.</summary>
public sealed class CardComplianceApiTests(SandboxFixture sandbox) : SchedulerFlowTest(sandbox, new Dictionary<string, string?>
{
    ["RetryPolicy:FirstRetryAfter"] = "00:00:01.500",
    ["RetryPolicy:MinSpacing"] = "00:00:01.500",
    ["RetryPolicy:Visa:MaxAttempts"] = "2",
    ["RetryPolicy:Visa:Period"] = "00:00:03",
})
{
    [Fact]
    public async Task The_report_counts_the_cards_attempts_by_initiator_and_the_postponed_one_as_a_fee_avoided()
    {
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var (subscriber, failed) = await FailedSignUpAsync("pm_sandbox_recoverAfter1");
        var fingerprint = failed.Decline.CardFingerprint;
        await Host.PublishAsync(failed);
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'scheduled'") == 1, Timeout,
            "the retry is scheduled");
        // Another invoice's charge fills the card's merchant-initiated budget; the customer's own attempt counts apart.
        await Database.ExecuteAsync("INSERT INTO scheduler.card_attempts (fingerprint, at, case_id, source) VALUES "
            + $"('{fingerprint}', now(), gen_random_uuid(), 'Stripe'), ('{fingerprint}', now(), gen_random_uuid(), 'Customer')");
        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "recovered:Retry", Timeout,
            "the postponed retry is made once the budget frees");

        using var client = new HttpClient { BaseAddress = Host.BaseAddress };
        var url = $"/api/cards/{fingerprint}/compliance?from={Uri.EscapeDataString(since.ToString("O"))}";
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(url)).StatusCode);
        client.DefaultRequestHeaders.Add("X-Api-Key", SchedulerHost.ApiKey);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/cards/{fingerprint}/compliance?from=yesterday")).StatusCode);
        var report = await client.GetFromJsonAsync<JsonElement>(url);

        var merchant = report.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == NetworkRules.VisaMerchantInitiated);
        Assert.Equal((2, 1, 0, 0), (merchant.GetProperty("limit").GetInt32(), merchant.GetProperty("postponed").GetInt32(),
            merchant.GetProperty("skipped").GetInt32(), merchant.GetProperty("overLimit").GetInt32()));
        Assert.Equal((0.10m, 0.25m), Fee(report.GetProperty("feesAvoided")));
        Assert.Equal((0m, 0m), Fee(report.GetProperty("feesIncurred")));
        var attempts = report.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(["Customer/customer", "Scheduled/merchant", "Stripe/merchant", "Stripe/merchant"],
            attempts.Select(a => $"{a.GetProperty("source").GetString()}/{a.GetProperty("initiator").GetString()}").Order(StringComparer.Ordinal));
        // The case's own attempts (its failure and our pay call) carry its invoice's amount; the rows inserted above have none.
        Assert.Equal([failed.AmountMinor, failed.AmountMinor], attempts.Select(a => a.GetProperty("amount"))
            .Where(amount => amount.ValueKind != JsonValueKind.Null).Select(amount => amount.GetProperty("minor").GetInt64()));
    }

    private static (decimal Domestic, decimal CrossBorder) Fee(JsonElement fee) =>
        (fee.GetProperty("domestic").GetDecimal(), fee.GetProperty("crossBorder").GetDecimal());
}
