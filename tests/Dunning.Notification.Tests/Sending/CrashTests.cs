using Dunning.Contracts;
using Dunning.Notification.Tests.Support;
using Dunning.Platform.Outbox;
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

    private Task PublishAsync<T>(T message) where T : class, IDunningMessage =>
        _bus.Publish(message, context => context.MessageId = MessageIds.For(message));

    private Task<ServiceProcess> StartServiceAsync(IReadOnlyDictionary<string, string>? settings = null) =>
        ServiceProcess.StartAsync("services/Dunning.Notification", new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
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
        });

    public async Task DisposeAsync()
    {
        await _bus.StopAsync();
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }
}
