using Dunning.Notification.Domain;
using Dunning.Notification.Tests.Support;
using Dunning.Testing;

namespace Dunning.Notification.Tests.Sending;

public sealed class DeliveryTests(NotificationService service) : IClassFixture<NotificationService>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Redelivered_and_replayed_messages_send_no_duplicate_emails()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        var failed = scenario.Failed(DateTimeOffset.UtcNow);
        await service.PublishAsync(failed);
        await service.PublishAsync(failed); // redelivery: same message id
        await service.PublishAsync(failed with { SourceEventId = failed.SourceEventId + "_replayed" }); // same fact, new id
        await service.PublishAsync(await scenario.FailedAgainAsync(DateTimeOffset.UtcNow)); // a later failure of the same invoice
        await Maildev.WaitForAsync(scenario.Email, 1);
        var recovered = await scenario.RecoveredAsync();
        await service.PublishAsync(recovered);
        await service.PublishAsync(recovered);
        await service.PublishAsync(recovered with { SourceEventId = recovered.SourceEventId + "_replayed" });

        await Maildev.WaitForAsync(scenario.Email, 2);
        await Eventually.HoldsAsync(async () => await QueuesDrainedAsync() && await service.PendingJobsAsync(scenario.InvoiceId) == 0,
            Wait, "every copy was consumed and every job ran");
        Assert.Equal(2, (await Maildev.ForAsync(scenario.Email)).Count);
        Assert.Equal(2, await service.SentAsync(scenario.InvoiceId));
        Assert.Equal(2, await service.ReminderSentMessagesAsync(scenario.InvoiceId));
    }

    [Fact]
    public async Task Emails_held_while_smtp_is_down_arrive_once_when_it_is_back()
    {
        var scenarios = await Task.WhenAll(Scenario.SignUpAsync(service.Sandbox), Scenario.SignUpAsync(service.Sandbox, ["nl-NL"]),
            Scenario.SignUpAsync(service.Sandbox, ["ro-RO", "en-US"]));
        service.Smtp.Stop();
        try
        {
            foreach (var scenario in scenarios) await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
            foreach (var scenario in scenarios)
                await Eventually.HoldsAsync(async () => await service.FailedJobsAsync(scenario.InvoiceId) == 1, Wait, "the send failed and the job waits");
            foreach (var scenario in scenarios) Assert.Empty(await Maildev.ForAsync(scenario.Email));
        }
        finally
        {
            service.Smtp.Start();
        }

        foreach (var scenario in scenarios)
        {
            await Maildev.WaitForAsync(scenario.Email, 1, Wait);
            await Eventually.HoldsAsync(async () => await service.FailedJobsAsync(scenario.InvoiceId) == 0, Wait, "the held job completed");
        }
        foreach (var (scenario, language) in scenarios.Zip(["en", "nl", "ro"]))
        {
            Assert.Equal(language, Assert.Single(await Maildev.ForAsync(scenario.Email)).Headers["content-language"]);
            Assert.Equal(1, await service.SentAsync(scenario.InvoiceId));
        }
    }

    [Fact]
    public async Task A_copy_sent_again_carries_the_same_message_id()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));

        var email = Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));
        Assert.Equal(StableMessageId.For(scenario.InvoiceId, EmailSteps.FirstFailure, "billing@dunning.example"), email.MessageId);
    }

    private async Task<bool> QueuesDrainedAsync()
    {
        string[] queues = ["payment-failed", "payment-recovered"];
        foreach (var queue in queues)
            if (await service.QueueDepthAsync(queue) > 0) return false;
        return true;
    }
}
