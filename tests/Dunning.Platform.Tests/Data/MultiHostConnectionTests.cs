using System.Globalization;
using Dunning.Platform.Data;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dunning.Platform.Tests.Data;

/// <summary>Npgsql multi-host connection strings (<c>Host=a,b;Target Session Attributes=read-write</c>, ADR 014) on one PostgreSQL.</summary>
public sealed class MultiHostConnectionTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _vhost = await TestVirtualHost.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_service_whose_first_database_host_is_down_migrates_and_commits_on_the_next()
    {
        var server = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        var dead = ServiceProcess.FreePort();
        var multiHost = $"{_database.ConnectionString};Host=127.0.0.1:{dead},{server.Host}:{server.Port.ToString(CultureInfo.InvariantCulture)};"
            + "Target Session Attributes=read-write";
        using var host = await PlatformHost.StartAsync(_database, _vhost, _ => { },
            settings: new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = multiHost });
        await _database.ExecuteAsync($"CREATE TABLE {PlatformHost.Schema}.effects (source_event_id text NOT NULL)");

        await host.Services.GetRequiredService<UnitsOfWork>().RunAsync(async (unit, token) =>
            await unit.ExecuteAsync(Statement.Of($"INSERT INTO {PlatformHost.Schema}.effects VALUES ($1)", "evt_failover"), token), CancellationToken.None);

        Assert.True(await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.schema_versions") > 0, "migrated");
        Assert.Equal(1, await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.effects"));
    }
}
