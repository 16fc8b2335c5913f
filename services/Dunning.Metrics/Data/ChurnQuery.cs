using Dunning.Metrics.Domain;
using Npgsql;

namespace Dunning.Metrics.Data;

/// <summary>
/// Subscriber churn per period (day/week/month, clipped to the range): S active at the start, E active at
/// the end, N started in the period, and cancellations for failed payment in the period.
/// </summary>
public sealed class ChurnQuery(NpgsqlDataSource dataSource)
{
    private const string Periods = """
        WITH periods AS (
            SELECT GREATEST(p, @start) AT TIME ZONE 'UTC' AS period_start, LEAST(p + @step, @end) AT TIME ZONE 'UTC' AS period_end
            FROM generate_series(date_trunc(@period, @start), @end - interval '1 microsecond', @step) AS p
        )
        SELECT period_start, period_end,
            (SELECT count(*) FROM metrics.subscriptions s
              WHERE s.started_at < period_start AND (s.canceled_at IS NULL OR s.canceled_at >= period_start)),
            (SELECT count(*) FROM metrics.subscriptions s
              WHERE s.started_at < period_end AND (s.canceled_at IS NULL OR s.canceled_at >= period_end)),
            (SELECT count(*) FROM metrics.subscriptions s
              WHERE s.started_at >= period_start AND s.started_at < period_end),
            (SELECT count(*) FROM metrics.subscriptions s
              WHERE s.canceled_at >= period_start AND s.canceled_at < period_end AND s.cancel_reason = 'payment_failed')
        FROM periods
        ORDER BY period_start
        """;

    /// <summary>The period lengths a churn report may use.</summary>
    public static IReadOnlySet<string> PeriodNames { get; } = new HashSet<string> { "day", "week", "month" };

    public async Task<ChurnReport> RunAsync(ReportRange range, string period, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Periods);
        command.Parameters.AddWithValue("start", range.Start.UtcDateTime.ToUnspecified());
        command.Parameters.AddWithValue("end", range.End.UtcDateTime.ToUnspecified());
        command.Parameters.AddWithValue("period", period);
        command.Parameters.AddWithValue("step", period == "month" ? new NpgsqlTypes.NpgsqlInterval(1, 0, 0) : new NpgsqlTypes.NpgsqlInterval(0, period == "week" ? 7 : 1, 0));
        var rows = new List<ChurnPeriod>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new ChurnPeriod(Day(reader, 0), Day(reader, 1).AddDays(-1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
        return new ChurnReport(range.From, range.To, period, rows);
    }

    private static DateOnly Day(NpgsqlDataReader reader, int ordinal) => DateOnly.FromDateTime(reader.GetFieldValue<DateTimeOffset>(ordinal).UtcDateTime);
}

internal static class UtcDateTimeExtensions
{
    /// <summary>A UTC instant as a PostgreSQL <c>timestamp</c> (no zone), for calendar arithmetic independent of the session time zone.</summary>
    public static DateTime ToUnspecified(this DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
}
