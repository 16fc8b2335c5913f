using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Notification.Tests.Support;
using Dunning.Platform.DueJobs;
using Dunning.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Notification.Tests.Sending;

/// <summary>
/// An email that can never be delivered as it stands is not sent again every few minutes: its job is dead after one run, with
/// the reason, nothing recorded as sent, and it is counted. The SMTP server is the real one (maildev): it refuses a recipient
/// without a domain with <c>501</c> to RCPT TO.
/// </summary>
public sealed class DeadEmailTests(NotificationService service) : IClassFixture<NotificationService>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_email_whose_recipient_the_smtp_server_refuses_is_dead_after_one_run_and_not_recorded_as_sent()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow) with { CustomerEmail = $"no-domain-{Guid.NewGuid():N}" });

        var key = EmailJob.KeyFor(scenario.InvoiceId, EmailSteps.FirstFailure);
        await Eventually.HoldsAsync(async () => await DeadAsync(key, "last_error LIKE '%refused the recipient for good: 501%'") == 1, Wait,
            "the refused email's job is dead with the server's reply");
        await AssertDeadAfterOneRunAndNothingSentAsync(scenario, key);
    }

    [Fact]
    public async Task An_email_to_an_address_that_does_not_parse_is_dead_after_one_run_with_the_address_masked()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow) with { CustomerEmail = "double..dot@example.com" });

        var key = EmailJob.KeyFor(scenario.InvoiceId, EmailSteps.FirstFailure);
        const string maskedReason =
            "last_error LIKE 'the recipient address d*%@example.com is not a valid email address%' AND last_error NOT LIKE '%double..dot%'";
        await Eventually.HoldsAsync(async () => await DeadAsync(key, maskedReason) == 1, Wait, "the job is dead, its reason naming the masked address");
        await AssertDeadAfterOneRunAndNothingSentAsync(scenario, key);
    }

    private async Task AssertDeadAfterOneRunAndNothingSentAsync(Scenario scenario, string key)
    {
        Assert.Equal(1, await DeadAsync(key, "attempts = 1 AND due_at = 'infinity'")); // one run; never claimed again
        Assert.Equal(0, await service.SentAsync(scenario.InvoiceId)); // the send record was rolled back with the run
        Assert.Equal(0, await service.ReminderSentMessagesAsync(scenario.InvoiceId));
        var gauge = service.Services.GetRequiredService<DeadJobGauge>();
        await Eventually.HoldsAsync(async () => gauge.Counts.GetValueOrDefault(EmailJob.Kind) == await DeadAsync(null, "true"), Wait,
            "the gauge counts every dead email job");
    }

    private Task<long> DeadAsync(string? key, string condition) => service.Database.CountAsync(
        $"SELECT count(*) FROM notification.due_jobs WHERE dead_at IS NOT NULL {(key is null ? "" : $"AND job_key = '{key}'")} AND {condition}");
}
