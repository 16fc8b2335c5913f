using Dunning.Contracts;
using Dunning.Platform.Outbox;
using Dunning.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Notification.Tests.Support;

/// <summary>
/// The notification service in-process (<see cref="ServiceHost{TEntryPoint}"/>), against a fresh database and RabbitMQ virtual
/// host, its own Stripe sandbox (a real process: customers, invoices and billing-portal sessions the tests create there), and the
/// real SMTP server behind a forwarder the test can stop. Messages are published on the service's own bus over RabbitMQ.
/// </summary>
public class NotificationService : IAsyncLifetime
{
    public const string ApiKey = "test-api-key";
    public const string PublicBaseUrl = "https://notification.test";
    public const string UnsubscribeSecret = "test-unsubscribe-secret";

    /// <summary>The secret before the last rotation: listed second, so it makes no links but its links still work.</summary>
    public const string PreviousUnsubscribeSecret = "test-unsubscribe-secret-before-rotation";

    private ServiceHost<Program> _host = null!;
    private TestVirtualHost _vhost = null!;

    public TestDatabase Database { get; private set; } = null!;
    public SandboxProcess Sandbox { get; private set; } = null!;
    public TcpForwarder Smtp { get; } = new(ServiceProcess.FreePort(), TestEnvironment.SmtpHost, TestEnvironment.SmtpPort);
    public IServiceProvider Services => _host.Services;

    public virtual async Task InitializeAsync()
    {
        var sandbox = SandboxProcess.StartAsync();
        Database = await TestDatabase.CreateAsync();
        _vhost = await TestVirtualHost.CreateAsync();
        Sandbox = await sandbox;
        Smtp.Start();
        _host = await ServiceHost<Program>.StartAsync(Settings().Concat(OwnSettings()));
    }

    public HttpClient CreateClient() => _host.CreateClient();

    /// <summary>A client that sends the API key, as the business's server and the ops view do.</summary>
    public HttpClient CreateApiClient()
    {
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>Where the service listens (Kestrel on loopback): for a browser.</summary>
    public Uri BaseAddress => _host.BaseAddress;

    public Task<int> QueueDepthAsync(string queue) => _vhost.QueueDepthAsync(queue);

    /// <summary>Publishes as the outbox relay does: message id derived from the message, so a second publish is a redelivery.</summary>
    public Task PublishAsync<T>(T message) where T : class, IDunningMessage =>
        Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = MessageIds.For(message));

    /// <summary>A derived fixture's settings, over the ones below.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> OwnSettings() => [];

    private Dictionary<string, string?> Settings() => new()
    {
        ["ConnectionStrings:Postgres"] = Database.RoleConnectionString("notification"),
        ["ConnectionStrings:PostgresMigrations"] = Database.RoleConnectionString("notification", migrator: true),
        ["RabbitMq:Host"] = TestEnvironment.RabbitHost,
        ["RabbitMq:VirtualHost"] = _vhost.Name,
        ["Stripe:ApiBase"] = Sandbox.ApiBase,
        ["Stripe:ApiKey"] = SandboxProcess.ApiKey,
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Smtp.Port.ToString(),
        ["Smtp:RetryDelay"] = "00:00:00.050",
        ["Smtp:BreakerBreakDuration"] = "00:00:01",
        ["Smtp:Timeout"] = "00:00:05",
        ["DueJobs:PollInterval"] = "00:00:00.050",
        ["DueJobs:FailureBackoff"] = "00:00:00.200",
        ["DueJobs:MaxFailureBackoff"] = "00:00:01",
        ["Outbox:IdleDelay"] = "00:00:00.050",
        ["Api:Key"] = ApiKey,
        ["Notification:UnsubscribeSecrets:0"] = UnsubscribeSecret,
        ["Notification:UnsubscribeSecrets:1"] = PreviousUnsubscribeSecret,
        ["Notification:PublicBaseUrl"] = PublicBaseUrl,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public virtual async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Smtp.Dispose();
        if (Sandbox is not null) await Sandbox.DisposeAsync();
        await _vhost.DisposeAsync();
        await Database.DisposeAsync();
    }
}
