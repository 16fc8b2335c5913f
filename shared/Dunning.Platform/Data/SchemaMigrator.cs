using System.Reflection;
using DbUp;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// Applies versioned SQL scripts with DbUp: first the platform's (outbox, inbox, due jobs),
/// then the service's own embedded <c>*.sql</c> scripts, all journaled in <c>{schema}.schema_versions</c>.
/// Scripts may use <c>$schema$</c> for the service's schema name. An advisory lock lets
/// several instances start at once. Connects as the schema's owner (<see cref="DatabaseConnections.Migrations"/>), which
/// needs no right to create schemas when <c>deploy/postgres/10-dunning-roles.sql</c> made it one.
/// </summary>
public sealed class SchemaMigrator(string connectionString, ServiceDatabase database, ILogger logger)
{
    private const long MigrationLockId = 0x64756E6E696E67; // "dunning"

    public void Migrate()
    {
        EnsureDatabase.For.PostgresqlDatabase(connectionString, new DbUp.Engine.Output.NoOpUpgradeLog()); // its console lines are not the service's log format
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        Execute(connection, $"SELECT pg_advisory_lock({MigrationLockId})");
        try
        {
            EnsureSchema(connection);
            Run(typeof(SchemaMigrator).Assembly);
            if (database.MigrationsAssembly != typeof(SchemaMigrator).Assembly)
                Run(database.MigrationsAssembly);
        }
        finally
        {
            Execute(connection, $"SELECT pg_advisory_unlock({MigrationLockId})");
            NpgsqlConnection.ClearPool(connection); // no idle connection of the owner role stays behind in the running service
        }
    }

    // CREATE SCHEMA IF NOT EXISTS needs the right to create schemas even when the schema exists; the owner role has none.
    private void EnsureSchema(NpgsqlConnection connection)
    {
        using var exists = new NpgsqlCommand("SELECT to_regnamespace(@schema) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("schema", database.Schema);
        if ((bool)exists.ExecuteScalar()!)
            return;
        try
        {
            Execute(connection, $"CREATE SCHEMA {database.Schema}");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException($"Schema '{database.Schema}' does not exist and role '{connection.UserName}' may not create it: "
                + "run deploy/postgres/10-dunning-roles.sql on the database as a superuser first.", e);
        }
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private void Run(Assembly assembly)
    {
        var builder = DeployChanges.To.PostgresqlDatabase(connectionString, database.Schema);
        builder.Configure(c => c.ScriptExecutor = new OwnedSchemaScriptExecutor(c, database.Schema));
        var upgrader = builder
            .WithScriptsEmbeddedInAssembly(assembly, name => name.EndsWith(".sql", StringComparison.Ordinal))
            .JournalToPostgresqlTable(database.Schema, "schema_versions")
            .WithVariable("schema", database.Schema)
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migration of schema '{database.Schema}' failed at {result.ErrorScript?.Name}", result.Error);
        foreach (var script in result.Scripts)
            logger.LogInformation("Applied migration {Script} to schema {Schema}", script.Name, database.Schema);
    }
}
