using Dunning.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.RetryScheduler.Tests.Support;

/// <summary>
/// The scheduler in-process (<see cref="ServiceHost{TEntryPoint}"/>: its own <c>Program.cs</c>), against a test database, a test
/// RabbitMQ virtual host and the Stripe sandbox, with a policy measured in seconds instead of days.
/// </summary>
public sealed class SchedulerHost : IAsyncDisposable
{
    public const string ApiKey = "test-key";

    private readonly ServiceHost<Program> _host;

    private SchedulerHost(ServiceHost<Program> host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public Uri BaseAddress => _host.BaseAddress;

    public static Dictionary<string, string?> FastPolicy() => new()
    {
        ["RetryPolicy:MaxAttempts"] = "3",
        ["RetryPolicy:Window"] = "01:00:00",
        ["RetryPolicy:FirstRetryAfter"] = "00:00:00.200",
        ["RetryPolicy:BackoffFactor"] = "1.5",
        ["RetryPolicy:BackoffCap"] = "00:00:01",
        ["RetryPolicy:Jitter"] = "0",
        ["RetryPolicy:MinSpacing"] = "00:00:00.100",
        ["RetryPolicy:QuietHoursStart"] = "00:00:00",
        ["RetryPolicy:QuietHoursEnd"] = "00:00:00",
        // Insufficient funds would wait for the start of tomorrow: the tests' seconds-long schedule has no days.
        ["RetryPolicy:PreferStartOfDay"] = "false",
    };

    public static async Task<SchedulerHost> StartAsync(TestDatabase database, TestVirtualHost vhost, SandboxProcess sandbox,
        IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.RoleConnectionString("scheduler"),
            ["ConnectionStrings:PostgresMigrations"] = database.RoleConnectionString("scheduler", migrator: true),
            ["RabbitMq:Host"] = TestEnvironment.RabbitHost,
            ["RabbitMq:VirtualHost"] = vhost.Name,
            ["Outbox:IdleDelay"] = "00:00:00.020",
            ["DueJobs:PollInterval"] = "00:00:00.050",
            ["Stripe:ApiBase"] = sandbox.ApiBase,
            ["Stripe:ApiKey"] = SandboxProcess.ApiKey,
            ["Stripe:RequestsPerSecond"] = "1000",
            ["Api:Key"] = ApiKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in FastPolicy().Concat(settings ?? new Dictionary<string, string?>())) all[key] = value;
        return new SchedulerHost(await ServiceHost<Program>.StartAsync(all));
    }

    public Task PublishAsync<T>(T message) where T : class => Services.GetRequiredService<IBus>().Publish(message);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
