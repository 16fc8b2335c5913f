using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dunning.Platform.Data;

/// <summary>
/// The service's start-up step: waits for PostgreSQL (<see cref="DatabaseStartup"/>) and migrates the service's schema
/// (<see cref="SchemaMigrator"/>), when the host starts rather than while it is built, so building a host needs no database.
/// It runs in <see cref="StartingAsync"/>, which the host calls on every lifecycle service before it starts any hosted service
/// (the bus, the outbox relay, the due-job worker, the HTTP server), and it is registered first, so no other step's
/// <see cref="StartingAsync"/> comes before it either. A failure fails the host's start with its reason. The <c>migrate</c>
/// command runs <see cref="RunAsync"/> alone (<see cref="ServiceCommands.RunOrMigrate"/>).
/// </summary>
public sealed class SchemaMigration(DatabaseConnections connections, ServiceDatabase database, IOptions<DatabaseStartupOptions> options,
    ILogger<SchemaMigration> logger) : IHostedLifecycleService
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await new DatabaseStartup(connections.Migrations, options.Value, logger).WaitUntilReachableAsync(cancellationToken);
        new SchemaMigrator(connections.Migrations, database, logger).Migrate();
        DatabaseStartupLog.Migrated(logger, database.Schema);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
