using Dunning.Testing;

namespace Dunning.Metrics.Tests.Support;

/// <summary>
/// Every aggregate figure of the database as one string (figures of zero left out), each led by its mode (live|test): as the reports see them (the
/// folded aggregates plus the ledger changes not folded yet), or from the folded aggregate tables alone.
/// </summary>
public static class AggregateSnapshot
{
    public static Task<string> AsReportedAsync(TestDatabase database) => ReadAsync(database, "_live");

    public static Task<string> FoldedAsync(TestDatabase database) => ReadAsync(database, "");

    private const string Mode = "CASE WHEN livemode THEN 'live' ELSE 'test' END AS mode";

    private static async Task<string> ReadAsync(TestDatabase database, string source)
    {
        await using var read = database.DataSource.CreateCommand($"""
            SELECT (SELECT coalesce(string_agg(concat_ws('|', mode, currency, dimension, day, measure, key, n, amount), ';'
                    ORDER BY mode, currency, dimension, day, measure, key), '')
                    FROM (SELECT {Mode}, currency, dimension, day, measure, key, sum(case_count) AS n, sum(amount_minor) AS amount
                          FROM metrics.daily_rollup{source} GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(case_count) <> 0) AS r)
                || (SELECT coalesce(string_agg(concat_ws('|', mode, currency, day, hours, n), ';' ORDER BY mode, currency, day, hours), '')
                    FROM (SELECT {Mode}, currency, day, hours, sum(case_count) AS n
                          FROM metrics.recovery_hours_daily{source} GROUP BY 1, 2, 3, 4 HAVING sum(case_count) <> 0) AS d)
                || (SELECT coalesce(string_agg(concat_ws('|', mode, currency, month, hours, n), ';' ORDER BY mode, currency, month, hours), '')
                    FROM (SELECT {Mode}, currency, month, hours, sum(case_count) AS n
                          FROM metrics.recovery_hours_monthly{source} GROUP BY 1, 2, 3, 4 HAVING sum(case_count) <> 0) AS m)
                || (SELECT coalesce(string_agg(concat_ws('|', mode, day, started, canceled, involuntary), ';' ORDER BY mode, day), '')
                    FROM (SELECT {Mode}, day, sum(started) AS started, sum(canceled) AS canceled, sum(involuntary) AS involuntary
                          FROM metrics.subscription_days{source} GROUP BY 1, 2) AS s
                    WHERE started <> 0 OR canceled <> 0 OR involuntary <> 0)
            """);
        return (string)(await read.ExecuteScalarAsync())!;
    }
}
