using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// Waits, when the service starts (<see cref="SchemaMigration"/>), for PostgreSQL to answer, so a service started with its database
/// (compose, a reboot, a failover) migrates once the database is up instead of failing on the first refused connection. Tries again
/// with a bounded backoff and a log line per try, for at most <see cref="DatabaseStartupOptions.StartupPatience"/>; an error waiting
/// cannot cure (a wrong password) fails at once.
/// </summary>
public sealed class DatabaseStartup(string connectionString, DatabaseStartupOptions options, ILogger logger)
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public async Task WaitUntilReachableAsync(CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        var server = probe.Host?.Contains(',', StringComparison.Ordinal) == true ? probe.Host : $"{probe.Host}:{probe.Port}"; // a:5432,b:5432
        var started = Stopwatch.GetTimestamp();
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                Answered(server, attempt);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                Answered(server, attempt); // the server answers; the migrator creates the database
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient)
            {
                if (Stopwatch.GetElapsedTime(started) + delay > options.StartupPatience)
                    throw new InvalidOperationException($"PostgreSQL at {server} did not answer within {options.StartupPatience} ({e.Message}): " +
                        "check ConnectionStrings__Postgres, or wait longer with Database__StartupPatience.", e);
                DatabaseStartupLog.NotReachable(logger, server, e.Message, attempt, delay);
                await Task.Delay(delay, cancellationToken);
                delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
            }
        }
    }

    private void Answered(string server, int attempt)
    {
        if (attempt > 1)
            DatabaseStartupLog.Reachable(logger, server, attempt);
    }
}
