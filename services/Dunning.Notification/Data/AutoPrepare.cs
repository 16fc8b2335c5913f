using Npgsql;

namespace Dunning.Notification.Data;

/// <summary>
/// Lets Npgsql prepare the service's and the platform's statements once per connection (<c>Max Auto Prepare</c>) unless the
/// connection string already says how: PostgreSQL then skips parsing and planning the ~10 statements of every email.
/// The same as <c>Dunning.Metrics</c> does; it belongs in <c>Dunning.Platform</c> for every service.
/// </summary>
public static class AutoPrepare
{
    public static void Enable(IConfigurationManager configuration)
    {
        if (configuration.GetConnectionString("Postgres") is not { } connectionString)
            return;
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare > 0)
            return;
        settings.MaxAutoPrepare = 64;
        settings.AutoPrepareMinUsages = 2;
        configuration["ConnectionStrings:Postgres"] = settings.ConnectionString;
    }
}
