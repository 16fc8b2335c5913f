using Dunning.Contracts;
using Dunning.Notification.Domain;
using Dunning.Notification.Sending;
using Dunning.Notification.Tests.Support;
using Dunning.Platform.Outbox;
using Dunning.SlowSmtp;
using Dunning.Testing;
using MassTransit;

namespace Dunning.Notification.Tests.Sending;

/// <summary>The real service process, against the class's Stripe sandbox, killed with SIGKILL between cadence steps and started again.</summary>
public sealed class CrashTests(SandboxFixture sandbox) : IAsyncLifetime, IClassFixture<SandboxFixture>
{
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;
    private IBusControl _bus = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _vhost = await TestVirtualHost.CreateAsync();
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(TestEnvironment.RabbitHost, _vhost.Name, h =>
        {
            h.Username("guest");
            h.Password("guest");
        }));
        await _bus.StartAsync();
    }

    [Fact]
    public async Task A_kill_9_between_steps_sends_no_duplicate_and_loses_no_step()
    {
        var scenario = await Scenario.SignUpAsync(sandbox.Sandbox);
        var failed = scenario.Failed(DateTimeOffset.UtcNow.AddDays(-4)); // first failure and day-3 reminder due now, day 7 later
        await using (var service = await StartServiceAsync())
        {
            await PublishAsync(failed);
            await Maildev.WaitForAsync(scenario.Email, 2);
            service.Kill();
        }

        await PublishAsync(scenario.FinalAttempt(DateTimeOffset.UtcNow.AddHours(1))); // arrives while the service is down
        await PublishAsync(failed); // and a redelivery of what it had already handled
        await using (await StartServiceAsync())
        {
            var emails = await Maildev.WaitForAsync(scenario.Email, 3, TimeSpan.FromSeconds(30));
            await Eventually.HoldsAsync(async () => await _database.CountAsync(
                $"SELECT count(*) FROM notification.due_jobs WHERE job_key LIKE 'email:{scenario.InvoiceId}:%'") == 1,
                TimeSpan.FromSeconds(15), "only the day-7 reminder waits");

            Assert.Equal(3, (await Maildev.ForAsync(scenario.Email)).Count);
            Assert.Single(emails, e => e.Subject.StartsWith("Final notice"));
            Assert.Equal(3, await _database.CountAsync($"SELECT count(*) FROM notification.sent_emails WHERE invoice_id = '{scenario.InvoiceId}'"));
        }
    }

    [Fact]
    public async Task A_kill_9_while_the_business_endpoint_holds_a_webhook_sends_it_again_after_the_restart_with_the_same_id()
    {
        await using var receiver = new BusinessWebhookReceiver(BusinessWebhookNotificationService.Secret) { Hold = new TaskCompletionSource() };
        await receiver.StartAsync();
        var webhooks = new Dictionary<string, string>
        {
            ["BusinessWebhooks__Url"] = receiver.Url,
            ["BusinessWebhooks__Secrets__0"] = BusinessWebhookNotificationService.Secret,
            ["BusinessWebhooks__Timeout"] = "00:00:02",
        };
        var scenario = await Scenario.SignUpAsync(sandbox.Sandbox);
        await using (var service = await StartServiceAsync(webhooks))
        {
            await PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
            await Eventually.HoldsAsync(() => !receiver.Arrived.IsEmpty, TimeSpan.FromSeconds(30), "the webhook reached the endpoint");
            service.Kill(); // before the endpoint answered: the service cannot know it arrived
        }
        var first = Assert.Single(receiver.Arrived);
        var held = receiver.Hold;
        receiver.Hold = null;
        held.SetResult();

        await using (await StartServiceAsync(webhooks))
        {
            await Eventually.HoldsAsync(async () => await _database.CountAsync(
                $"SELECT count(*) FROM notification.business_webhooks WHERE invoice_id = '{scenario.InvoiceId}' AND status = 'delivered'") == 1,
                TimeSpan.FromSeconds(30), "the webhook is delivered after the restart");
        }

        Assert.Equal([first, first], receiver.Arrived); // at least once, and always as the same event: the receiver acts once
        Assert.Equal([first], receiver.OfInvoice(scenario.InvoiceId).Select(e => e.GetProperty("id").GetString()).Distinct());
    }

    [Fact]
    public async Task A_kill_9_after_the_smtp_server_got_the_whole_email_records_it_maybe_sent_and_sends_no_second_copy()
    {
        // The SMTP server takes the message at once; its verdict is held, so the service dies not knowing it.
        using var smtp = new SlowSmtpProxy(TestEnvironment.SmtpHost, TestEnvironment.SmtpPort) { Reply = ReplyToDataEnd.Late, Delay = TimeSpan.FromMinutes(5) };
        smtp.Start();
        var settings = new Dictionary<string, string> { ["Smtp__Host"] = "127.0.0.1", ["Smtp__Port"] = smtp.Port.ToString() };
        var scenario = await Scenario.SignUpAsync(sandbox.Sandbox);
        var firstFailureJob = EmailJob.KeyFor(scenario.InvoiceId, EmailSteps.FirstFailure);
        await using (var service = await StartServiceAsync(settings))
        {
            await PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
            await Eventually.HoldsAsync(() => smtp.DataEnds == 1, TimeSpan.FromSeconds(30), "the SMTP server got the whole first-failure email");
            service.Kill();
        }
        smtp.Reply = ReplyToDataEnd.Forward;
        Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));

        await using (await StartServiceAsync(settings))
        {
            // The killed run's lease (30 s) runs out; the job runs again, finds the hand-off mark and completes without sending.
            await Eventually.HoldsAsync(async () => await _database.CountAsync(
                $"SELECT count(*) FROM notification.due_jobs WHERE job_key = '{firstFailureJob}'") == 0, TimeSpan.FromSeconds(90),
                "the first-failure job ran again and completed");
        }

        Assert.Equal(1, smtp.DataEnds); // never handed over a second time
        Assert.Single(await Maildev.ForAsync(scenario.Email));
        Assert.Equal(1, await _database.CountAsync(
            $"SELECT count(*) FROM notification.sent_emails WHERE invoice_id = '{scenario.InvoiceId}' AND step = 'first_failure' AND maybe_sent"));
        Assert.Equal(0, await _database.CountAsync("SELECT count(*) FROM notification.hand_off_marks"));
    }

    private Task PublishAsync<T>(T message) where T : class, IDunningMessage =>
        _bus.Publish(message, context => context.MessageId = MessageIds.For(message));

    /// <summary>Starts the service process; <paramref name="settings"/> add to or override the test's own.</summary>
    private Task<ServiceProcess> StartServiceAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = _database.RoleConnectionString("notification"),
            ["ConnectionStrings__PostgresMigrations"] = _database.RoleConnectionString("notification", migrator: true),
            ["RabbitMq__Host"] = TestEnvironment.RabbitHost,
            ["RabbitMq__VirtualHost"] = _vhost.Name,
            ["Stripe__ApiBase"] = sandbox.Sandbox.ApiBase,
            ["Stripe__ApiKey"] = SandboxProcess.ApiKey,
            ["Smtp__Host"] = TestEnvironment.SmtpHost,
            ["Smtp__Port"] = TestEnvironment.SmtpPort.ToString(),
            ["DueJobs__PollInterval"] = "00:00:00.050",
            ["DueJobs__Lease"] = "00:00:02",
            ["Outbox__IdleDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        return ServiceProcess.StartAsync("services/Dunning.Notification", all);
    }

    public async Task DisposeAsync()
    {
        await _bus.StopAsync();
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }
}
