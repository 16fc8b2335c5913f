using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// Lets Npgsql prepare each service's few hot statements once per connection (<c>Max Auto Prepare</c>) unless the
/// connection string already says how: PostgreSQL then skips parsing and planning the same inserts for every message
/// (PostgreSQL CPU per consumed message 0.33 → 0.22 ms in <c>bench/metrics</c>).
/// </summary>
public static class AutoPrepare
{
    public static string Apply(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare > 0)
            return connectionString;
        settings.MaxAutoPrepare = 32;
        settings.AutoPrepareMinUsages = 2;
        return settings.ConnectionString;
    }
}
