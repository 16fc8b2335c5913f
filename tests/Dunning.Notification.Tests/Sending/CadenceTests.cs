using Dunning.Contracts;
using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Notification.Tests.Support;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Outbox;
using Dunning.Testing;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace Dunning.Notification.Tests.Sending;

public sealed class CadenceTests(NotificationService service) : IClassFixture<NotificationService>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Every_step_of_a_case_arrives_once_with_its_subject_amount_and_link()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow.AddDays(-8))); // day-3 and day-7 reminders are already due
        await service.PublishAsync(scenario.FinalAttempt(DateTimeOffset.UtcNow.AddHours(1)));
        await Maildev.WaitForAsync(scenario.Email, 4);
        await service.PublishAsync(await scenario.RecoveredAsync()); // the customer paid on the hosted page the emails link to

        var emails = await Maildev.WaitForAsync(scenario.Email, 5);
        string[] subjects =
        [
            "We couldn't take your payment of €24.99", "Reminder: your payment of €24.99 is still outstanding",
            "Action needed: update your card to keep your subscription", "Thank you – your payment of €24.99 went through",
        ];
        foreach (var subject in subjects) Assert.Single(emails, e => e.Subject == subject);
        Assert.Single(emails, e => e.Subject.StartsWith("Final notice: we'll try your card once more on"));
        Assert.StartsWith($"{service.Sandbox.ApiBase}/sandbox/hosted/invoices/{scenario.InvoiceId}", scenario.HostedUrl);
        Assert.All(emails, e => Assert.Contains(scenario.HostedUrl, e.Text));
        Assert.All(emails, e => Assert.Contains(scenario.HostedUrl, e.Html));
        Assert.All(emails, e => Assert.Contains("€24.99", e.Text));
        // SMTP accepts an email just before its send is committed: the last record may trail its email by a moment.
        await Eventually.HoldsAsync(async () => await service.SentAsync(scenario.InvoiceId) == 5, Wait, "every send is recorded");
        Assert.Equal(5, await service.ReminderSentMessagesAsync(scenario.InvoiceId));
        Assert.Equal(0, await service.PendingJobsAsync(scenario.InvoiceId));
    }

    [Fact]
    public async Task A_final_notice_consumed_before_the_payment_failure_waits_for_the_case_and_goes_out_once()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        var finalNoticeKey = EmailJob.KeyFor(scenario.InvoiceId, EmailSteps.FinalNotice);
        await service.PublishAsync(scenario.FinalAttempt(DateTimeOffset.UtcNow.AddHours(1)));
        await Eventually.HoldsAsync(async () => await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.due_jobs WHERE job_key = '{finalNoticeKey}' AND due_at > now()") == 1
            || await service.PendingJobsAsync(scenario.InvoiceId) == 0, Wait, "the final notice ran once without a case");

        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));

        var emails = await Maildev.WaitForAsync(scenario.Email, 2);
        Assert.Single(emails, e => e.Subject.StartsWith("Final notice: we'll try your card once more on"));
        // SMTP accepts an email just before its send is committed: the record may trail the email by a moment.
        await Eventually.HoldsAsync(async () => await service.SentAsync(scenario.InvoiceId) == 2, Wait, "both sends are recorded");
    }

    [Fact]
    public async Task A_dutch_customer_gets_the_email_in_dutch_with_the_amount_in_dutch_format()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox, preferredLocales: ["nl-NL"], amountMinor: 123456);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));

        var email = Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));
        Assert.Equal("We konden je betaling van € 1.234,56 niet verwerken", email.Subject);
        Assert.Contains("Hallo,", email.Text);
        Assert.Equal("nl", email.Headers["content-language"]);
    }

    [Fact]
    public async Task The_language_from_stripes_customer_events_is_used_without_asking_stripe_and_the_newest_event_wins()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox, preferredLocales: ["nl-NL"]); // what a Stripe lookup would answer
        var now = DateTimeOffset.UtcNow;
        await service.PublishAsync(new CustomerLocalesChanged($"evt_{Guid.NewGuid():N}", scenario.CustomerId, ["ro-RO"], now));
        await Eventually.HoldsAsync(async () => await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.customer_locales WHERE customer_id = '{scenario.CustomerId}'") == 1, Wait, "the newer locales stored");
        var older = new CustomerLocalesChanged($"evt_{Guid.NewGuid():N}", scenario.CustomerId, ["en"], now.AddMinutes(-5)); // delivered late
        await service.PublishAsync(older);
        await Eventually.HoldsAsync(async () => await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.inbox WHERE message_id = '{MessageIds.For(older)}'") == 1, Wait, "the older event consumed");

        await service.PublishAsync(scenario.Failed(now));

        var email = Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));
        Assert.Equal("ro", email.Headers["content-language"]);
    }

    [Fact]
    public async Task A_romanian_customer_with_an_expired_card_gets_the_expired_card_wording_in_romanian()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox, preferredLocales: ["ro-RO", "en-US"], amountMinor: 5000, currency: "ron",
            card: "pm_card_chargeDeclinedExpiredCard");
        var failed = scenario.Failed(DateTimeOffset.UtcNow);
        Assert.Equal("expired_card", failed.Decline.FailureCode); // the sandbox's decline of that test card
        await service.PublishAsync(failed);

        var email = Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));
        Assert.Equal("Cardul tău a expirat – te rugăm să îl actualizezi", email.Subject);
        Assert.Contains("50,00 lei", email.Text);
        Assert.Equal("ro", email.Headers["content-language"]);
    }

    [Fact]
    public async Task A_hard_decline_gets_the_card_declined_wording()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox, card: "pm_card_chargeDeclinedStolenCard");
        var failed = scenario.Failed(DateTimeOffset.UtcNow);
        Assert.Equal("stolen_card", failed.Decline.DeclineCode); // the sandbox's decline of that test card
        await service.PublishAsync(failed);

        var email = Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));
        Assert.Equal("Your card was declined – please update it", email.Subject);
    }

    [Fact]
    public async Task A_closed_case_gets_no_further_reminders()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
        await Maildev.WaitForAsync(scenario.Email, 1);
        Assert.Equal(2, await service.PendingJobsAsync(scenario.InvoiceId)); // day 3 and day 7, in the future

        await service.PublishAsync(await scenario.RecoveredAsync());
        await Maildev.WaitForAsync(scenario.Email, 2);
        await Eventually.HoldsAsync(async () => await service.PendingJobsAsync(scenario.InvoiceId) == 0, Wait, "pending reminders are cancelled");

        await ScheduleDueNowAsync(new EmailJob(scenario.InvoiceId, EmailSteps.ReminderDay7)); // a reminder that escaped cancellation
        await Eventually.HoldsAsync(async () => await service.PendingJobsAsync(scenario.InvoiceId) == 0, Wait, "the stray reminder ran");

        var emails = await Maildev.ForAsync(scenario.Email);
        Assert.Equal(["Thank you – your payment of €24.99 went through", "We couldn't take your payment of €24.99"],
            emails.Select(e => e.Subject).Order());
    }

    [Fact]
    public async Task A_case_canceled_for_non_payment_gets_a_win_back_email_linking_to_a_billing_portal_session()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow, withHostedUrl: false));
        await Maildev.WaitForAsync(scenario.Email, 1);
        await service.PublishAsync(await scenario.CanceledForNonPaymentAsync());

        var emails = await Maildev.WaitForAsync(scenario.Email, 2);
        var winBack = Assert.Single(emails, e => e.Subject == "Your subscription has been canceled – come back any time");
        var portalPrefix = $"{service.Sandbox.ApiBase}/sandbox/hosted/portal/bps_";
        var link = winBack.Text.Split(' ', '\n', '\r', '<', '>', '"').Single(word => word.StartsWith(portalPrefix, StringComparison.Ordinal));
        Assert.Equal(scenario.CustomerId, await service.Sandbox.UpdateCardInPortalAsync(link)); // a session the sandbox created for this customer
        var customer = await new CustomerService(service.Sandbox.Stripe).GetAsync(scenario.CustomerId,
            new CustomerGetOptions { Expand = ["invoice_settings.default_payment_method"] });
        Assert.Equal("4242", customer.InvoiceSettings.DefaultPaymentMethod.Card.Last4); // the customer's new card from the portal
        await Eventually.HoldsAsync(async () => await service.PendingJobsAsync(scenario.InvoiceId) == 0, Wait, "reminders are cancelled");
    }

    [Theory]
    [InlineData(true, "If it fails, your subscription will be canceled.")]
    [InlineData(false, "If it fails, we'll stop retrying and the payment will remain due.")]
    public async Task The_final_notice_says_what_its_failure_does_to_the_subscription(bool cancelsSubscription, string consequence)
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
        await service.PublishAsync(scenario.FinalAttempt(DateTimeOffset.UtcNow.AddHours(1), cancelsSubscription));

        var emails = await Maildev.WaitForAsync(scenario.Email, 2);
        var notice = Assert.Single(emails, e => e.Subject.StartsWith("Final notice:", StringComparison.Ordinal));
        Assert.Contains(consequence, notice.Text);
    }

    [Theory]
    [InlineData(true, "Your subscription has been canceled – come back any time")]
    [InlineData(false, "We couldn't collect €24.99 – the payment is still due")] // left past due or uncollectible: never "canceled"
    public async Task A_case_lost_after_its_last_attempt_is_told_the_truth_about_its_subscription(bool cancelsSubscription, string subject)
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
        await Maildev.WaitForAsync(scenario.Email, 1);
        await service.PublishAsync(scenario.RetriesExhausted(cancelsSubscription));

        var closing = (await Maildev.WaitForAsync(scenario.Email, 2)).Where(e => !e.Subject.StartsWith("We couldn't take", StringComparison.Ordinal));
        Assert.Equal(subject, Assert.Single(closing).Subject);
        Assert.Equal(cancelsSubscription, Assert.Single(closing).Text.Contains("canceled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Action_required_sends_the_authentication_link_at_once()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox, card: Scenario.AuthenticationRequiredCard);
        await service.PublishAsync(scenario.ActionRequired());

        var email = Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));
        Assert.Equal("Please confirm your payment of €24.99", email.Subject);
        Assert.Contains(scenario.HostedUrl, email.Text);
    }

    private Task ScheduleDueNowAsync(EmailJob job) =>
        service.Services.GetRequiredService<UnitsOfWork>().RunAsync((unit, _) =>
        {
            service.Services.GetRequiredService<DueJobStore>().Schedule(unit, new NewDueJob(job.Key, EmailJob.Kind, job, DateTimeOffset.UtcNow));
            return Task.FromResult(true);
        }, CancellationToken.None);
}
