using Dunning.Platform.Data;
using Dunning.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Dunning.Platform.Tests.Data;

/// <summary>Migrations as production runs them: as the schema's owner role from deploy/postgres/10-dunning-roles.sql.</summary>
public sealed class SchemaMigratorTests : IAsyncLifetime
{
    private static readonly ServiceDatabase Webhook = new("webhook", typeof(ServiceDatabase).Assembly);
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_owner_role_migrates_its_schema_without_the_right_to_create_schemas_and_the_runtime_role_uses_the_new_tables()
    {
        Migrate(_database.RoleConnectionString("webhook", migrator: true));

        Assert.Equal(["dunning_webhook_migrator"], await OwnersAsync("webhook"));
        await using var runtime = new NpgsqlConnection(_database.RoleConnectionString("webhook"));
        await runtime.OpenAsync();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO webhook.due_jobs (job_key, kind, payload, due_at) VALUES ('k', 'kind', '{}', now())", runtime);
        Assert.Equal(1, await insert.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task An_owner_role_whose_schema_is_missing_is_told_to_run_the_roles_script()
    {
        await _database.ExecuteAsync("DROP SCHEMA webhook");

        var error = Assert.Throws<InvalidOperationException>(() => Migrate(_database.RoleConnectionString("webhook", migrator: true)));

        Assert.Contains("dunning_webhook_migrator", error.Message);
        Assert.Contains("deploy/postgres/10-dunning-roles.sql", error.Message);
    }

    private static void Migrate(string connectionString) => new SchemaMigrator(connectionString, Webhook, NullLogger.Instance).Migrate();

    private async Task<List<string>> OwnersAsync(string schema)
    {
        await using var command = _database.DataSource.CreateCommand("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = $1");
        command.Parameters.AddWithValue(schema);
        var owners = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) owners.Add(reader.GetString(0));
        return owners;
    }
}
