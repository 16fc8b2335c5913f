using Dunning.Platform.DueJobs;
using Dunning.RetryScheduler.Endpoints;
using Dunning.RetryScheduler.Extensions;
using Dunning.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.RetryScheduler.Tests.Support;

/// <summary>
/// The scheduler's real wiring (<see cref="Extensions.Extensions.AddRetrySchedulerServices"/>) in-process, against a test
/// database, a test RabbitMQ virtual host and the Stripe sandbox, with a policy measured in seconds instead of days.
/// </summary>
public sealed class SchedulerHost(WebApplication app) : IAsyncDisposable
{
    public const string ApiKey = "test-key";

    public IServiceProvider Services => app.Services;

    public Uri BaseAddress => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

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

    public static async Task<SchedulerHost> StartAsync(TestDatabase database, TestVirtualHost vhost, SandboxProcess sandbox, IDictionary<string, string?>? settings = null)
    {
        // Development, as the tests' service processes run: the shipped development secrets are allowed there.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
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
        });
        builder.Configuration.AddInMemoryCollection(FastPolicy());
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRetrySchedulerServices();
        var app = builder.Build();
        app.MapCaseEndpoints();
        app.MapDeadJobs();
        await app.StartAsync();
        return new SchedulerHost(app);
    }

    public Task PublishAsync<T>(T message) where T : class => app.Services.GetRequiredService<IBus>().Publish(message);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
