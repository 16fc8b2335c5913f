using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// Failures that say the connection, not the statement, failed: the server went away or shut down (a failover: 08xxx, 57P01-03,
/// I/O errors, timeouts), or the connection reached a server that no longer takes writes (25006, a primary turned standby).
/// The transaction on it was rolled back by the server, unless the failure answered its commit (<see cref="CommitOutcomeUnknownException"/>).
/// </summary>
public static class ConnectionLoss
{
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
                return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                    || postgres.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction;
            if (e is NpgsqlException npgsql)
                return npgsql.IsTransient;
        }
        return false;
    }
}
