using Dunning.Metrics.Tests.Support;
using Dunning.Testing;
using Npgsql;

namespace Dunning.Metrics.Tests.Data;

/// <summary>
/// The metrics service on production's PostgreSQL roles (deploy/postgres/10-dunning-roles.sql): it migrates its schema as
/// <c>dunning_metrics_migrator</c> and works as <c>dunning_metrics</c>, which can only read and write its tables; no other
/// service's role reads the ledger, and no service role reaches the database server's host.
/// </summary>
public sealed class DatabaseRoleTests(MetricsService service) : IClassFixture<MetricsService>
{
    private static readonly string[] Schemas = ["webhook", "scheduler", "notification", "metrics"];

    [Fact]
    public async Task The_service_migrates_as_its_schema_owner_and_works_as_its_own_role()
    {
        var before = await service.Database.CountAsync("SELECT count(*) FROM metrics.inbox");
        await service.PublishAsync(Scenario.Failed("in_roles_1", 1200, "usd", "2025-06-02T00:00:00", "generic_decline", "visa"));
        await service.HandledAsync((int)before + 1);

        Assert.Equal(1, await service.Database.CountAsync("SELECT count(*) FROM metrics.ledger WHERE invoice_id = 'in_roles_1'"));
        Assert.Equal(["dunning_metrics_migrator"], await StringsAsync("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'metrics'"));
        var sessions = new List<string>();
        await Eventually.HoldsAsync(async () => (sessions = await ServiceSessionsAsync()).SequenceEqual(["dunning_metrics"]), TimeSpan.FromSeconds(10),
            "the service's only sessions are its runtime role's (the migrations' connections are closed)");
    }

    [Theory]
    [InlineData("notification", false)]
    [InlineData("notification", true)]
    [InlineData("webhook", false)]
    [InlineData("scheduler", true)]
    public async Task Another_services_roles_cannot_read_the_ledger(string schema, bool migrator)
    {
        var refused = await RefusedAsync(schema, migrator, "SELECT count(*) FROM metrics.ledger");

        Assert.Contains("permission denied for schema metrics", refused.MessageText);
    }

    [Fact]
    public async Task No_service_role_can_run_a_program_on_the_database_host()
    {
        foreach (var schema in Schemas)
        foreach (var migrator in new[] { false, true })
        {
            var refused = await RefusedAsync(schema, migrator, "COPY (SELECT 1) TO PROGRAM 'true'");
            Assert.Contains("pg_execute_server_program", refused.MessageText);
        }
    }

    [Theory]
    [InlineData("CREATE TABLE metrics.extra (id int)")]
    [InlineData("DROP TABLE metrics.ledger")]
    [InlineData("TRUNCATE metrics.ledger")]
    [InlineData("ALTER TABLE metrics.ledger ADD COLUMN extra int")]
    public async Task The_runtime_role_cannot_change_its_schema(string ddl) => await RefusedAsync("metrics", migrator: false, ddl);

    /// <summary>Runs <paramref name="sql"/> as a service role and returns PostgreSQL's refusal (insufficient privilege).</summary>
    private async Task<PostgresException> RefusedAsync(string schema, bool migrator, string sql)
    {
        // Unpooled: the session ends with the test, so it never counts as one of the service's.
        var connectionString = new NpgsqlConnectionStringBuilder(service.Database.RoleConnectionString(schema, migrator)) { Pooling = false };
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        return refused;
    }

    private Task<List<string>> ServiceSessionsAsync() => StringsAsync(
        "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND usename LIKE 'dunning%' ORDER BY 1");

    private async Task<List<string>> StringsAsync(string sql)
    {
        await using var command = service.Database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
