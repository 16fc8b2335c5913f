using Dunning.Metrics.Domain;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Metrics.Data;

/// <summary>Failed / recovered / lost per day from the daily rollup (days without any case are left out).</summary>
public sealed class TimeSeriesQuery(ReportDatabase reports, ServiceDatabase database)
{
    private readonly string _days = $"""
        SELECT day,
               coalesce(sum(case_count) FILTER (WHERE measure = 'failed'), 0)::bigint,
               coalesce(sum(amount_minor) FILTER (WHERE measure = 'failed'), 0)::bigint,
               coalesce(sum(case_count) FILTER (WHERE measure = 'recovered'), 0)::bigint,
               coalesce(sum(amount_minor) FILTER (WHERE measure = 'recovered'), 0)::bigint,
               coalesce(sum(case_count) FILTER (WHERE measure = 'lost'), 0)::bigint,
               coalesce(sum(amount_minor) FILTER (WHERE measure = 'lost'), 0)::bigint
        FROM {database.Table("daily_rollup_live")}
        WHERE currency = @currency AND dimension = 'total' AND day BETWEEN @from AND @to AND livemode = ANY(@livemodes)
        GROUP BY day
        HAVING sum(case_count) <> 0
        ORDER BY day
        """;

    private readonly string _currencies = $"""
        SELECT currency FROM {database.Table("daily_rollup_live")} WHERE dimension = 'total' AND livemode = ANY(@livemodes)
        GROUP BY currency HAVING sum(case_count) <> 0 ORDER BY currency
        """;

    public async Task<TimeSeriesReport> RunAsync(ReportRange range, ReportMode mode, CancellationToken cancellationToken)
    {
        await using var command = reports.DataSource.CreateCommand(_days);
        ReportParameters.Add(command, range, mode);
        var rows = new List<TimeSeriesDay>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new TimeSeriesDay(DateOnly.FromDateTime(reader.GetDateTime(0)), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
        return new TimeSeriesReport(range.Currency, range.From, range.To, mode.Name, rows);
    }

    /// <summary>Every currency the ledger holds in that mode, for the dashboard's picker.</summary>
    public async Task<IReadOnlyList<string>> CurrenciesAsync(ReportMode mode, CancellationToken cancellationToken)
    {
        await using var command = reports.DataSource.CreateCommand(_currencies);
        ReportParameters.AddMode(command, mode);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var currencies = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) currencies.Add(reader.GetString(0));
        return currencies;
    }
}
