using System.Net.Http.Json;
using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>
/// Retry-now's unit of work wakes the due-job worker when it commits: the retry goes at once, not at the worker's next poll
/// (an hour here), and no caller has to remember the wake-up.
/// </summary>
public sealed class RetryNowWakeUpTests(SandboxFixture sandbox) : SchedulerFlowTest(sandbox, new Dictionary<string, string?>
{
    ["RetryPolicy:FirstRetryAfter"] = "00:10:00",
    ["RetryPolicy:BackoffCap"] = "00:10:00",
    ["DueJobs:PollInterval"] = "01:00:00",
})
{
    [Fact]
    public async Task Retry_now_pays_at_once_without_waiting_for_the_workers_next_poll()
    {
        var (subscriber, failed) = await FailedSignUpAsync("pm_sandbox_recoverAfter1");
        await Host.PublishAsync(failed);
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.due_jobs") == 1, Timeout,
            "a retry is scheduled in 10 minutes");

        using var client = new HttpClient { BaseAddress = Host.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", SchedulerHost.ApiKey);
        (await client.PostAsJsonAsync($"/api/cases/{subscriber.InvoiceId}/retry-now", new { reason = "test" })).EnsureSuccessStatusCode();

        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "recovered:Retry", Timeout,
            "the retry-now pays the invoice");
    }
}
