using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>
/// A pay call Stripe answers 401 (the API key is revoked or wrong; Stripe's authentication_error) says nothing about the
/// invoice: it fails the job, which backs off (and after DueJobs:MaxFailures goes dead, to be re-run once the key is fixed),
/// instead of ending the case's retries as a refused request would, quietly, for every case at once.
/// </summary>
public sealed class RejectedKeyTests(SandboxFixture sandbox) : SchedulerFlowTest(sandbox, new Dictionary<string, string?>
{
    ["Stripe:ApiKey"] = "sk_test-revoked", // a key the sandbox, as Stripe, does not accept: 401
    ["Stripe:MaxRetries"] = "1",
})
{
    [Fact]
    public async Task A_pay_call_refused_for_our_api_key_fails_the_job_and_keeps_the_case_retrying()
    {
        var (subscriber, failed) = await FailedSignUpAsync("pm_card_chargeDeclinedInsufficientFunds");
        await Host.PublishAsync(failed);

        var key = RetryJob.KeyFor(await EventuallyCaseIdAsync(subscriber.InvoiceId));
        await Eventually.HoldsAsync(async () => await Database.CountAsync(
            $"SELECT count(*) FROM scheduler.due_jobs WHERE job_key = '{key}' AND last_error LIKE '%API Key%' AND dead_at IS NULL") == 1,
            Timeout, "the retry job failed with Stripe's answer about the key and waits to run again");
        Assert.Equal(0, await Database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'refused'"));
        Assert.Equal("open:", await Database.StatusAsync(subscriber.InvoiceId));
    }

    private async Task<Guid> EventuallyCaseIdAsync(string invoiceId)
    {
        await Eventually.HoldsAsync(async () => await Database.CountAsync($"SELECT count(*) FROM scheduler.cases WHERE invoice_id = '{invoiceId}'") == 1,
            Timeout, "the case is opened");
        return await Database.CaseIdAsync(invoiceId);
    }
}
