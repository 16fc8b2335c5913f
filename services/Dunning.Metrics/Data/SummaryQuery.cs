using Dunning.Contracts;
using Dunning.Metrics.Domain;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Metrics.Data;

/// <summary>
/// The summary report: sums from the daily rollup, time to recover from the hour histograms, the open share from the funnel,
/// the expiring-card reminders and the failures they prevented from their own table.
/// </summary>
public sealed class SummaryQuery(ReportDatabase reports, ServiceDatabase database, FunnelQuery funnel, ExpiringCardQuery expiringCards)
{
    private readonly string _sums = $"""
        SELECT measure, dimension, key, sum(case_count)::bigint, sum(amount_minor)::bigint
        FROM {database.Table("daily_rollup_live")}
        WHERE currency = @currency AND dimension IN ('total', 'method', 'reason') AND day BETWEEN @from AND @to AND livemode = ANY(@livemodes)
        GROUP BY measure, dimension, key
        """;

    private readonly string _openAtEnd = $"""
        SELECT coalesce(sum(CASE WHEN measure = 'failed' THEN case_count ELSE -case_count END), 0)::bigint,
               coalesce(sum(CASE WHEN measure = 'failed' THEN amount_minor ELSE -amount_minor END), 0)::bigint
        FROM {database.Table("daily_rollup_live")}
        WHERE currency = @currency AND dimension = 'total' AND day <= @to AND livemode = ANY(@livemodes)
        """;

    // Whole months inside the range come from the monthly histogram, the days at either edge from the daily one.
    private readonly string _timeToRecover = $"""
        SELECT hours, sum(case_count)::bigint FROM (
            SELECT hours, case_count FROM {database.Table("recovery_hours_daily_live")}
            WHERE currency = @currency AND day BETWEEN @from AND @to AND NOT (day >= @whole_from AND day < @whole_to)
              AND livemode = ANY(@livemodes)
            UNION ALL
            SELECT hours, case_count FROM {database.Table("recovery_hours_monthly_live")}
            WHERE currency = @currency AND month >= @whole_from AND month < @whole_to AND livemode = ANY(@livemodes)
        ) AS h
        GROUP BY hours
        """;

    public async Task<SummaryReport> RunAsync(ReportRange range, ReportMode mode, CancellationToken cancellationToken)
    {
        await using var connection = await reports.DataSource.OpenConnectionAsync(cancellationToken);
        var sums = await ReadSumsAsync(connection, range, mode, cancellationToken);
        var open = await ReadOpenAsync(connection, range, mode, cancellationToken);
        var (median, p90) = await ReadTimeToRecoverAsync(connection, range, mode, cancellationToken);
        var outcomes = AttemptFunnel.Outcomes(await funnel.CellsAsync(range, mode, cancellationToken));
        var reminders = await expiringCards.RunAsync(range, mode, cancellationToken);
        Money Get(string measure, string dimension, string key) => sums.GetValueOrDefault((measure, dimension, key), Money.Zero);

        var recovered = Get("recovered", "total", "");
        var lost = Get("lost", "total", "");
        var failed = Get("failed", "total", "");
        return new SummaryReport(range.Currency, range.From, range.To, mode.Name,
            failed,
            recovered,
            Enum.GetNames<RecoveryMethod>().ToDictionary(m => m, m => Get("recovered", "method", m)),
            lost,
            Enum.GetNames<LossReason>().ToDictionary(r => r, r => Get("lost", "reason", r)),
            open,
            Rate.Of(recovered.AmountMinor, recovered.AmountMinor + lost.AmountMinor),
            Rate.Of(recovered.Count, recovered.Count + lost.Count),
            median, p90,
            new Money(recovered.Count + lost.Count, recovered.AmountMinor + lost.AmountMinor),
            new CaseOutcomes(outcomes.Recovered, outcomes.Lost, outcomes.Open),
            Rate.Of(outcomes.Open.AmountMinor, failed.AmountMinor),
            Rate.Of(outcomes.Open.Count, failed.Count),
            reminders.RemindersSent,
            reminders.FailuresPrevented);
    }

    private async Task<Dictionary<(string, string, string), Money>> ReadSumsAsync(NpgsqlConnection connection, ReportRange range, ReportMode mode,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_sums, connection);
        ReportParameters.Add(command, range, mode);
        var sums = new Dictionary<(string, string, string), Money>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            sums[(reader.GetString(0), reader.GetString(1), reader.GetString(2))] = new Money(reader.GetInt64(3), reader.GetInt64(4));
        return sums;
    }

    private async Task<Money> ReadOpenAsync(NpgsqlConnection connection, ReportRange range, ReportMode mode, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_openAtEnd, connection);
        ReportParameters.Add(command, range, mode);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Money(reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<(double?, double?)> ReadTimeToRecoverAsync(NpgsqlConnection connection, ReportRange range, ReportMode mode,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_timeToRecover, connection);
        ReportParameters.Add(command, range, mode);
        var (wholeFrom, wholeTo) = range.WholeMonths();
        command.Parameters.AddWithValue("whole_from", wholeFrom);
        command.Parameters.AddWithValue("whole_to", wholeTo);
        var buckets = new List<(int, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            buckets.Add((reader.GetInt32(0), reader.GetInt64(1)));
        return (HourHistogram.Percentile(buckets, 0.5), HourHistogram.Percentile(buckets, 0.9));
    }
}
