using System.Reflection;
using DbUp;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// Applies versioned SQL scripts with DbUp: first the platform's (outbox, inbox, due jobs),
/// then the service's own embedded <c>*.sql</c> scripts, all journaled in <c>{schema}.schema_versions</c>.
/// Scripts may use <c>$schema$</c> for the service's schema name. An advisory lock lets
/// several instances start at once.
/// </summary>
public sealed class SchemaMigrator(string connectionString, ServiceDatabase database, ILogger logger)
{
    private const long MigrationLockId = 0x64756E6E696E67; // "dunning"

    public void Migrate()
    {
        EnsureDatabase.For.PostgresqlDatabase(connectionString);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        Execute(connection, $"SELECT pg_advisory_lock({MigrationLockId})");
        try
        {
            Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {database.Schema}");
            Run(typeof(SchemaMigrator).Assembly);
            if (database.MigrationsAssembly != typeof(SchemaMigrator).Assembly)
                Run(database.MigrationsAssembly);
        }
        finally
        {
            Execute(connection, $"SELECT pg_advisory_unlock({MigrationLockId})");
        }
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private void Run(Assembly assembly)
    {
        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString, database.Schema)
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
