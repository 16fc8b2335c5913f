using System.Net.Http.Json;
using System.Text.Json;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>
/// A case's job that Stripe refuses for good is dead, not asked again without end. After a pay call answered 500 (saved under
/// its key), the next run reads the invoice before paying under a new key; an invoice Stripe does not have answers 404
/// <c>resource_missing</c> (an <c>invalid_request_error</c>, not a card error), and asking again cannot change that.
/// </summary>
public sealed class DeadJobTests(SandboxFixture sandbox) : SchedulerFlowTest(sandbox, new Dictionary<string, string?>
{
    ["Stripe:MaxRetries"] = "1",
    ["RetryPolicy:StripeOutageDeferral"] = "00:00:00.300",
})
{
    [Fact]
    public async Task A_case_whose_invoice_stripe_says_does_not_exist_has_its_job_dead_after_one_refused_read()
    {
        var (_, failed) = await FailedSignUpAsync("pm_card_chargeDeclinedInsufficientFunds");
        var missingInvoice = $"in_missing_{Guid.NewGuid():N}";
        await Sandbox.FaultAsync("status500");
        try
        {
            await Host.PublishAsync(failed with { InvoiceId = missingInvoice });
            await Eventually.HoldsAsync(async () => await Database.CountAsync(
                "SELECT count(*) FROM scheduler.case_events WHERE kind = 'deferred' AND detail LIKE '%under a new idempotency key%'") > 0,
                Timeout, "the pay call answered 500 and is deferred under a new key");
        }
        finally
        {
            await Sandbox.FaultAsync("none");
        }

        var key = RetryJob.KeyFor(await Database.CaseIdAsync(missingInvoice));
        await Eventually.HoldsAsync(async () => await Database.CountAsync($"""
            SELECT count(*) FROM scheduler.due_jobs WHERE job_key = '{key}' AND dead_at IS NOT NULL AND due_at = 'infinity'
              AND last_error LIKE 'Stripe refused to read invoice {missingInvoice}: 404 resource_missing%'
            """) == 1, Timeout, "the job is dead with Stripe's refusal");

        using var client = new HttpClient { BaseAddress = Host.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", SchedulerHost.ApiKey);
        var dead = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/jobs/dead?kind=dunning-retry")).EnumerateArray());
        Assert.Equal(key, dead.GetProperty("key").GetString());
        Assert.Equal("open:", await Database.StatusAsync(missingInvoice)); // left open for ops to look at, not closed on a guess
    }
}
