using Npgsql;

namespace Dunning.Testing;

/// <summary>
/// A fresh PostgreSQL database for one test (class), dropped afterwards. Made as production's is: by the superuser, then
/// <c>deploy/postgres/10-dunning-roles.sql</c> (the services' roles and their schemas). <see cref="ConnectionString"/> is the
/// superuser's, for the test's own reads and writes; a service under test connects as its roles (<see cref="RoleConnectionString"/>).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Name { get; }
    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = "test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(TestEnvironment.PostgresAdmin))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdmin) { Database = name };
        var database = new TestDatabase(name, builder.ConnectionString);
        await database.ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "postgres", "10-dunning-roles.sql")));
        return database;
    }

    /// <summary>
    /// The connection string of <paramref name="schema"/>'s runtime role (<c>dunning_webhook</c>), or with <paramref name="migrator"/>
    /// of its owner (<c>dunning_webhook_migrator</c>), with the Development password <c>scripts/infra.sh</c> gives it.
    /// </summary>
    public string RoleConnectionString(string schema, bool migrator = false)
    {
        var suffix = migrator ? "_migrator" : "";
        return new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Username = $"dunning_{schema}{suffix}", Password = $"dunning-dev-{schema}{suffix.Replace('_', '-')}",
        }.ConnectionString;
    }

    /// <summary>
    /// A service process's <paramref name="settings"/> (environment variables) and the connection strings of <paramref name="schema"/>'s roles.
    /// </summary>
    public Dictionary<string, string> WithRolesOf(string schema, IReadOnlyDictionary<string, string> settings) => new(settings)
    {
        ["ConnectionStrings__Postgres"] = RoleConnectionString(schema),
        ["ConnectionStrings__PostgresMigrations"] = RoleConnectionString(schema, migrator: true),
    };

    public async Task<long> CountAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
