using Dunning.Platform.Data;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dunning.Platform.Tests.Data;

/// <summary>
/// The platform's registration has no side effect: the database is waited for and the schema migrated when the host starts
/// (<see cref="SchemaMigration"/>), before any other hosted service of the host starts, even one registered before the platform.
/// </summary>
public sealed class StartupMigrationTests
{
    [Fact]
    public void Building_a_host_needs_no_database()
    {
        var builder = Builder(UnreachableDatabase());
        builder.AddDunningPlatform(PlatformHost.Schema, typeof(ServiceDatabase).Assembly, _ => { });

        using var host = builder.Build();

        // It runs when the host starts: the first StartingAsync, which the host calls before any hosted service's StartAsync.
        Assert.IsType<SchemaMigration>(host.Services.GetServices<IHostedService>().OfType<IHostedLifecycleService>().First());
    }

    [Fact]
    public async Task A_database_that_does_not_answer_fails_the_start_with_the_reason_and_no_other_hosted_service_starts()
    {
        var builder = Builder(UnreachableDatabase());
        var before = new StartRecorder(_ => Task.FromResult(true));
        builder.Services.AddSingleton<IHostedService>(before);
        builder.AddDunningPlatform(PlatformHost.Schema, typeof(ServiceDatabase).Assembly, _ => { });
        var after = new StartRecorder(_ => Task.FromResult(true));
        builder.Services.AddSingleton<IHostedService>(after);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("did not answer within 00:00:01", error.Message);
        Assert.Contains("Database__StartupPatience", error.Message);
        Assert.False(before.Started, "a hosted service registered before the platform started");
        Assert.False(after.Started, "a hosted service registered after the platform started");
    }

    [Fact]
    public async Task The_schema_is_migrated_before_the_first_hosted_service_starts()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var vhost = await TestVirtualHost.CreateAsync();
        var builder = Builder(database.ConnectionString, vhost.Name);
        // Registered before the platform, as a service's own hosted service could be: it still starts after the migration.
        var first = new StartRecorder(async cancellationToken =>
        {
            await using var exists = database.DataSource.CreateCommand($"SELECT to_regclass('{PlatformHost.Schema}.outbox') IS NOT NULL");
            return (bool)(await exists.ExecuteScalarAsync(cancellationToken))!;
        });
        builder.Services.AddSingleton<IHostedService>(first);
        builder.AddDunningPlatform(PlatformHost.Schema, typeof(ServiceDatabase).Assembly, _ => { });
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.True(first.Started);
        Assert.True(first.Saw, "the schema's tables existed when the first hosted service started");
    }

    /// <summary>A connection string of a port nothing listens on, so every connection is refused.</summary>
    private static string UnreachableDatabase() => $"Host=127.0.0.1;Port={ServiceProcess.FreePort()};Username=nobody;Password=none;Database=none";

    private static HostApplicationBuilder Builder(string connectionString, string virtualHost = "/")
    {
        // Development, as the tests' service processes run: no secrets of its own needed.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Database:StartupPatience"] = "00:00:01",
            ["RabbitMq:Host"] = TestEnvironment.RabbitHost,
            ["RabbitMq:VirtualHost"] = virtualHost,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        return builder;
    }

    /// <summary>A hosted service that records whether it started and what <c>look</c> saw then.</summary>
    private sealed class StartRecorder(Func<CancellationToken, Task<bool>> look) : IHostedService
    {
        public bool Started { get; private set; }

        public bool Saw { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            Saw = await look(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
