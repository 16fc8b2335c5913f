using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Support;

/// <summary>The webhook service as a real process against a fresh database and RabbitMQ virtual host.</summary>
public sealed class WebhookService : IAsyncDisposable
{
    public const string Secret = "whsec_test_current";
    public const string OldSecret = "whsec_test_previous";
    public const string ApiKey = "test-api-key";

    private WebhookService(TestDatabase database, TestVirtualHost vhost, StripeStub stripe) { Database = database; VirtualHost = vhost; Stripe = stripe; }

    public TestDatabase Database { get; }
    public TestVirtualHost VirtualHost { get; }
    public StripeStub Stripe { get; }
    public ServiceProcess Process { get; private set; } = null!;
    public WebhookClient Client { get; private set; } = null!;

    public static async Task<WebhookService> StartAsync(IDictionary<string, string>? overrides = null)
    {
        var service = new WebhookService(await TestDatabase.CreateAsync(), await TestVirtualHost.CreateAsync(), await StripeStub.StartAsync());
        await service.RestartAsync(overrides);
        return service;
    }

    public Dictionary<string, string> Settings(IDictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = Database.RoleConnectionString("webhook"),
            ["ConnectionStrings__PostgresMigrations"] = Database.RoleConnectionString("webhook", migrator: true),
            ["RabbitMq__Host"] = TestEnvironment.RabbitHost,
            ["RabbitMq__VirtualHost"] = VirtualHost.Name,
            ["Stripe__WebhookSecrets__0"] = Secret,
            ["Stripe__WebhookSecrets__1"] = OldSecret,
            ["Api__Key"] = ApiKey,
            ["Stripe__ApiBase"] = Stripe.BaseAddress.ToString().TrimEnd('/'),
            ["DueJobs__PollInterval"] = "00:00:00.050",
            ["DeclineLookup__Patience"] = "00:00:03",
            ["DeclineLookup__RetryEvery"] = "00:00:00.200",
            ["Outbox__IdleDelay"] = "00:00:00.020",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>()) settings[key] = value;
        return settings;
    }

    /// <summary>Starts the process (again, after a kill), on the same port when it ran before.</summary>
    public async Task RestartAsync(IDictionary<string, string>? overrides = null)
    {
        var port = Process?.BaseAddress.Port;
        if (Process is not null) await Process.DisposeAsync();
        Client?.Dispose();
        Process = await ServiceProcess.StartAsync("services/Dunning.BillingWebhook", Settings(overrides), port);
        Client = new WebhookClient(Process.BaseAddress, Secret);
    }

    public Task<long> OutboxCountAsync(string where = "true") => Database.CountAsync($"SELECT count(*) FROM webhook.outbox WHERE {where}");

    /// <summary>
    /// Failures of events whose id is like <paramref name="eventIdLike"/> recorded durably: published (in the outbox) or still
    /// waiting for their decline look-up (a due job). Read in one statement, so a look-up finishing meanwhile counts once.
    /// </summary>
    public Task<long> FailuresRecordedAsync(string eventIdLike) => Database.CountAsync($"""
        SELECT (SELECT count(*) FROM webhook.outbox WHERE body->>'sourceEventId' LIKE '{eventIdLike}' AND message_type LIKE '%PaymentFailed')
             + (SELECT count(*) FROM webhook.due_jobs WHERE job_key LIKE 'decline-lookup:{eventIdLike}')
        """);

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Process is not null) await Process.DisposeAsync();
        await Stripe.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }
}
