using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Notification.Tests.Support;
using Dunning.Platform.DueJobs;
using Dunning.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Notification.Tests.Sending;

public sealed class CadenceTests(NotificationService service) : IClassFixture<NotificationService>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Every_step_of_a_case_arrives_once_with_its_subject_amount_and_link()
    {
        var scenario = new Scenario();
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow.AddDays(-8))); // day-3 and day-7 reminders are already due
        await service.PublishAsync(scenario.FinalAttempt(DateTimeOffset.UtcNow.AddHours(1)));
        await Maildev.WaitForAsync(scenario.Email, 4);
        await service.PublishAsync(scenario.Recovered());

        var emails = await Maildev.WaitForAsync(scenario.Email, 5);
        string[] subjects =
        [
            "We couldn't take your payment of €24.99", "Reminder: your payment of €24.99 is still outstanding",
            "Action needed: update your card to keep your subscription", "Thank you – your payment of €24.99 went through",
        ];
        foreach (var subject in subjects) Assert.Single(emails, e => e.Subject == subject);
        Assert.Single(emails, e => e.Subject.StartsWith("Final notice: we'll try your card once more on"));
        Assert.All(emails, e => Assert.Contains(scenario.HostedUrl!, e.Text));
        Assert.All(emails, e => Assert.Contains(scenario.HostedUrl!, e.Html));
        Assert.All(emails, e => Assert.Contains("€24.99", e.Text));
        Assert.Equal(5, await service.SentAsync(scenario.InvoiceId));
        Assert.Equal(5, await service.ReminderSentMessagesAsync(scenario.InvoiceId));
        Assert.Equal(0, await service.PendingJobsAsync(scenario.InvoiceId));
    }

    [Fact]
    public async Task A_final_notice_consumed_before_the_payment_failure_waits_for_the_case_and_goes_out_once()
    {
        var scenario = new Scenario();
        var finalNoticeKey = EmailJob.KeyFor(scenario.InvoiceId, EmailSteps.FinalNotice);
        await service.PublishAsync(scenario.FinalAttempt(DateTimeOffset.UtcNow.AddHours(1)));
        await Eventually.HoldsAsync(async () => await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.due_jobs WHERE job_key = '{finalNoticeKey}' AND due_at > now()") == 1
            || await service.PendingJobsAsync(scenario.InvoiceId) == 0, Wait, "the final notice ran once without a case");

        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));

        var emails = await Maildev.WaitForAsync(scenario.Email, 2);
        Assert.Single(emails, e => e.Subject.StartsWith("Final notice: we'll try your card once more on"));
        Assert.Equal(2, await service.SentAsync(scenario.InvoiceId));
    }

    [Fact]
    public async Task A_dutch_customer_gets_the_email_in_dutch_with_the_amount_in_dutch_format()
    {
        var scenario = new Scenario(locale: "nl", amountMinor: 123456);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));

        var email = Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));
        Assert.Equal("We konden je betaling van € 1.234,56 niet verwerken", email.Subject);
        Assert.Contains("Hallo,", email.Text);
        Assert.Equal("nl", email.Headers["content-language"]);
    }

    [Fact]
    public async Task A_romanian_customer_with_an_expired_card_gets_the_expired_card_wording_in_romanian()
    {
        var scenario = new Scenario(locale: "ro", amountMinor: 5000, currency: "ron");
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow, declineCode: "expired_card", failureCode: "expired_card"));

        var email = Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));
        Assert.Equal("Cardul tău a expirat – te rugăm să îl actualizezi", email.Subject);
        Assert.Contains("50,00 lei", email.Text);
    }

    [Fact]
    public async Task A_hard_decline_gets_the_card_declined_wording()
    {
        var scenario = new Scenario();
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow, declineCode: "stolen_card"));

        var email = Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));
        Assert.Equal("Your card was declined – please update it", email.Subject);
    }

    [Fact]
    public async Task A_closed_case_gets_no_further_reminders()
    {
        var scenario = new Scenario();
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
        await Maildev.WaitForAsync(scenario.Email, 1);
        Assert.Equal(2, await service.PendingJobsAsync(scenario.InvoiceId)); // day 3 and day 7, in the future

        await service.PublishAsync(scenario.Recovered());
        await Maildev.WaitForAsync(scenario.Email, 2);
        await Eventually.HoldsAsync(async () => await service.PendingJobsAsync(scenario.InvoiceId) == 0, Wait, "pending reminders are cancelled");

        await ScheduleDueNowAsync(new EmailJob(scenario.InvoiceId, EmailSteps.ReminderDay7)); // a reminder that escaped cancellation
        await Eventually.HoldsAsync(async () => await service.PendingJobsAsync(scenario.InvoiceId) == 0, Wait, "the stray reminder ran");

        var emails = await Maildev.ForAsync(scenario.Email);
        Assert.Equal(["Thank you – your payment of €24.99 went through", "We couldn't take your payment of €24.99"], emails.Select(e => e.Subject).Order());
    }

    [Fact]
    public async Task A_case_canceled_for_non_payment_gets_a_win_back_email_linking_to_a_billing_portal_session()
    {
        var scenario = new Scenario(hostedUrl: false);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
        await Maildev.WaitForAsync(scenario.Email, 1);
        await service.PublishAsync(scenario.CanceledForNonPayment());

        var emails = await Maildev.WaitForAsync(scenario.Email, 2);
        var winBack = Assert.Single(emails, e => e.Subject == "Your subscription has been canceled – come back any time");
        Assert.Contains($"https://billing.stripe.test/p/session/{scenario.CustomerId}", winBack.Text);
        await Eventually.HoldsAsync(async () => await service.PendingJobsAsync(scenario.InvoiceId) == 0, Wait, "reminders are cancelled");
    }

    [Fact]
    public async Task Action_required_sends_the_authentication_link_at_once()
    {
        var scenario = new Scenario();
        await service.PublishAsync(scenario.ActionRequired());

        var email = Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));
        Assert.Equal("Please confirm your payment of €24.99", email.Subject);
        Assert.Contains(scenario.HostedUrl!, email.Text);
    }

    private async Task ScheduleDueNowAsync(EmailJob job)
    {
        await using var connection = await service.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await service.Services.GetRequiredService<DueJobStore>().ScheduleAsync(transaction, job.Key, EmailJob.Kind, job, DateTimeOffset.UtcNow);
        await transaction.CommitAsync();
    }
}
