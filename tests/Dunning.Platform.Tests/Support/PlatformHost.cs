using Dunning.Platform.Data;
using Dunning.Platform.Outbox;
using Dunning.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dunning.Platform.Tests.Support;

/// <summary>A real host wired by <see cref="PlatformExtensions.AddDunningPlatform"/> against a test database and virtual host.</summary>
public static class PlatformHost
{
    public const string Schema = "platformtest";

    public static ServiceDatabase Database { get; } = new(Schema, typeof(ServiceDatabase).Assembly);

    public static void Migrate(TestDatabase database) =>
        new SchemaMigrator(database.ConnectionString, Database, NullLogger.Instance).Migrate();

    /// <summary>An outbox writer with no relay behind it: a process that commits and then dies.</summary>
    public static OutboxWriter StandaloneWriter() => new(Database, new OutboxSignal());

    /// <summary>Units of work on <paramref name="database"/> outside any host.</summary>
    public static UnitsOfWork StandaloneUnitsOfWork(TestDatabase database) =>
        new(database.DataSource, Microsoft.Extensions.Options.Options.Create(new GroupCommitOptions()), NullLogger<UnitsOfWork>.Instance);

    public static async Task<IHost> StartAsync(TestDatabase database, TestVirtualHost vhost, Action<IBusRegistrationConfigurator> addConsumers,
        Action<IServiceCollection>? services = null, string outboxIdleDelay = "00:00:00.020", IReadOnlyDictionary<string, string?>? settings = null)
    {
        // Development, as the tests' service processes run: no secrets of its own needed.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["RabbitMq:Host"] = TestEnvironment.RabbitHost,
            ["RabbitMq:VirtualHost"] = vhost.Name,
            ["Outbox:IdleDelay"] = outboxIdleDelay,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDunningPlatform(Schema, typeof(ServiceDatabase).Assembly, addConsumers);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
