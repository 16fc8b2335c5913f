using Dunning.Platform.Data;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using Npgsql;

namespace Dunning.Platform.Tests.Data;

/// <summary>What a failover leaves behind in the pool: connections the old server closed (ADR 014).</summary>
public sealed class ConnectionLossTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await _database.ExecuteAsync("CREATE TABLE effects (id int NOT NULL)");
    }

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task A_unit_of_work_after_the_server_closed_every_pooled_connection_commits()
    {
        await using var units = PlatformHost.StandaloneUnitsOfWork(_database);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => InsertAsync(units, i))); // several idle connections in the pool

        await TerminateEverySessionAsync(); // what a primary's shutdown does to them (57P01)

        await InsertAsync(units, 100);
        Assert.Equal(1, await _database.CountAsync("SELECT count(*) FROM effects WHERE id = 100"));
    }

    [Theory]
    [InlineData("57P01", true)] // admin shutdown: the primary stops
    [InlineData("08006", true)]
    [InlineData("25006", true)] // read-only: the connection reached a standby
    [InlineData("23505", false)] // a unique violation is the statement's, and running it again would fail again
    [InlineData("40001", false)] // a serialization failure: the connection is fine
    public void A_lost_connection_is_told_from_a_failed_statement(string sqlState, bool lost) =>
        Assert.Equal(lost, ConnectionLoss.Is(new PostgresException("test", "FATAL", "FATAL", sqlState)));

    [Fact]
    public void A_refused_or_broken_socket_is_a_lost_connection_wherever_it_is_wrapped()
    {
        var refused = new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111));
        Assert.True(ConnectionLoss.Is(refused));
        Assert.True(ConnectionLoss.Is(new InvalidOperationException("wrapped", refused)));
        Assert.False(ConnectionLoss.Is(new InvalidOperationException("not the database")));
    }

    private static Task<int> InsertAsync(UnitsOfWork units, int id) =>
        units.RunAsync((unit, token) => unit.ExecuteAsync(Statement.Of("INSERT INTO effects VALUES ($1)", id), token), CancellationToken.None);

    private async Task TerminateEverySessionAsync()
    {
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresAdmin);
        await admin.OpenAsync();
        await using var terminate = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1", admin) { Parameters = { new() { Value = _database.Name } } };
        Assert.True((long)(await terminate.ExecuteScalarAsync())! > 0, "sessions to terminate");
    }
}
