using Dunning.Notification;
using Dunning.Notification.Domain;
using Dunning.Notification.Tests.Support;
using Dunning.SlowSmtp;
using Dunning.Testing;

namespace Dunning.Notification.Tests.Sending;

/// <summary>
/// Emails whose SMTP server got the whole message but gave no verdict (its reply later than <c>Smtp:DataTimeout</c>, or the
/// connection lost after the data): recorded as maybe sent, the job done, never sent again. The real SMTP server behind a
/// slow proxy; the service waits 1 s for the verdict.
/// </summary>
public sealed class MaybeSentTests(SlowSmtpNotificationService service) : IClassFixture<SlowSmtpNotificationService>, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_email_whose_verdict_comes_after_DataTimeout_is_recorded_maybe_sent_and_never_sent_again()
    {
        service.SlowSmtp.Delay = SlowSmtpNotificationService.DataTimeout * 3;
        service.SlowSmtp.Reply = ReplyToDataEnd.Late;

        await SendsOneCopyRecordedMaybeSentAsync();
    }

    [Fact]
    public async Task An_email_whose_connection_drops_after_the_data_is_recorded_maybe_sent_and_never_sent_again()
    {
        service.SlowSmtp.Reply = ReplyToDataEnd.Drop;

        await SendsOneCopyRecordedMaybeSentAsync();
    }

    [Fact]
    public async Task An_email_whose_connection_is_cut_before_the_data_is_sent_again_and_delivered_once()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        var messages = service.SlowSmtp.DataEnds;
        service.SlowSmtp.CutAtDataCommand(2);

        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));

        await Eventually.HoldsAsync(async () => await service.SentAsync(scenario.InvoiceId) == 1
            && await service.PendingJobAsync(scenario.InvoiceId, EmailSteps.FirstFailure) == 0, Wait, "the first-failure email was sent and its job completed");
        Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));
        Assert.Equal(0, await service.MaybeSentAsync(scenario.InvoiceId));
        Assert.Equal(1, service.SlowSmtp.DataEnds - messages);
        Assert.Equal(0, service.SlowSmtp.CutsAtDataLeft); // both attempts cut at DATA were sent again
    }

    [Fact]
    public async Task An_email_refused_after_its_data_is_sent_by_the_next_run_not_recorded_maybe_sent()
    {
        var tries = new SmtpOptions().MaxRetries + 1; // the run's quick retries: every one refused, so the run fails
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        var messages = service.SlowSmtp.DataEnds;
        service.SlowSmtp.RefuseMessages(tries);

        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));

        await Eventually.HoldsAsync(async () => await service.SentAsync(scenario.InvoiceId) == 1
            && await service.PendingJobAsync(scenario.InvoiceId, EmailSteps.FirstFailure) == 0, Wait, "the first-failure email was sent and its job completed");
        // A 451 is a verdict: the failed run forgot its hand-off mark, so the next run sent the email instead of taking the mark
        // for a run that died after the data.
        Assert.Equal(0, await service.MaybeSentAsync(scenario.InvoiceId));
        Assert.Equal(tries + 1, service.SlowSmtp.DataEnds - messages);
        Assert.Equal(0, await service.Database.CountAsync("SELECT count(*) FROM notification.hand_off_marks"));
    }

    private async Task SendsOneCopyRecordedMaybeSentAsync()
    {
        using var measurements = new MaybeSentMeasurements();
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        var messages = service.SlowSmtp.DataEnds;

        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));

        // The job is gone once its run committed: nothing is left to send the email again, however long we wait.
        await Eventually.HoldsAsync(async () => await service.MaybeSentAsync(scenario.InvoiceId) == 1
            && await service.PendingJobAsync(scenario.InvoiceId, EmailSteps.FirstFailure) == 0, Wait,
            "the first-failure email is recorded as maybe sent and its job completed");
        var email = Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));
        Assert.Equal(StableMessageId.For(scenario.InvoiceId, EmailSteps.FirstFailure, "billing@dunning.example"), email.MessageId);
        Assert.Equal(1, service.SlowSmtp.DataEnds - messages);
        Assert.Equal(1, await service.SentAsync(scenario.InvoiceId));
        Assert.Equal(1, await service.ReminderSentMessagesAsync(scenario.InvoiceId));
        Assert.Equal([EmailSteps.FirstFailure], measurements.Steps);
    }

    public void Dispose() => service.SlowSmtp.Reply = ReplyToDataEnd.Forward;
}
