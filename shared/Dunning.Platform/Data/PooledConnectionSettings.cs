using System.Data.Common;
using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// How every service's pooled PostgreSQL connections behave, unless the connection string already says:
/// <list type="bullet">
/// <item>Npgsql prepares each service's few hot statements once per connection (<c>Max Auto Prepare</c>), so PostgreSQL
/// skips parsing and planning the same inserts for every message (measured: ADR 009).</item>
/// <item>A connection handed back to the pool is not reset (<c>No Reset On Close</c>): the reset is 7 statements
/// (<c>RESET ALL</c>, <c>SET SESSION AUTHORIZATION DEFAULT</c>, <c>pg_advisory_unlock_all()</c>, <c>DISCARD</c> ×2,
/// <c>UNLISTEN</c>, <c>CLOSE ALL</c>) — most of the statements PostgreSQL ran in a rate drill (ADR 009).
/// Nothing here leaves session state behind: transactions take transaction-scoped locks only, and the one session lock
/// (<see cref="SchemaMigrator"/>) is released explicitly.</item>
/// </list>
/// </summary>
public static class PooledConnectionSettings
{
    public static string Apply(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }; // only the keys actually given
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
            settings.NoResetOnClose = true;
        if (settings.MaxAutoPrepare > 0)
            return settings.ConnectionString;
        settings.MaxAutoPrepare = 32;
        settings.AutoPrepareMinUsages = 2;
        return settings.ConnectionString;
    }
}
