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

    private Task PublishAsync<T>(T message) where T : class, IDunningMessage =>
        _bus.Publish(message, context => context.MessageId = MessageIds.For(message));

    private Task<ServiceProcess> StartServiceAsync() => ServiceProcess.StartAsync("services/Dunning.Notification", new Dictionary<string, string>
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
