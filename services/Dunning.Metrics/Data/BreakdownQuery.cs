using Dunning.Metrics.Domain;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Metrics.Data;

/// <summary>A breakdown from the daily rollup: per key, failed / recovered / lost in the range (<see cref="BreakdownReport.RowsFor"/>).</summary>
public sealed class BreakdownQuery(ReportDatabase reports, ServiceDatabase database)
{
    private readonly string _sums = $"""
        SELECT key,
               sum(case_count) FILTER (WHERE measure = 'failed')::bigint,
               sum(amount_minor) FILTER (WHERE measure = 'failed')::bigint,
               sum(case_count) FILTER (WHERE measure = 'recovered')::bigint,
               sum(amount_minor) FILTER (WHERE measure = 'recovered')::bigint,
               sum(case_count) FILTER (WHERE measure = 'lost')::bigint,
               sum(amount_minor) FILTER (WHERE measure = 'lost')::bigint
        FROM {database.Table("daily_rollup_live")}
        WHERE currency = @currency AND dimension = @dimension AND day BETWEEN @from AND @to AND livemode = ANY(@livemodes)
        GROUP BY key
        HAVING sum(case_count) <> 0
        ORDER BY key
        """;

    public async Task<BreakdownReport> RunAsync(ReportRange range, ReportMode mode, string by, CancellationToken cancellationToken)
    {
        await using var command = reports.DataSource.CreateCommand(_sums);
        ReportParameters.Add(command, range, mode);
        command.Parameters.AddWithValue("dimension", BreakdownReport.Dimensions[by]);
        var rows = new List<BreakdownRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new BreakdownRow(reader.GetString(0), Long(reader, 1), Long(reader, 2), Long(reader, 3), Long(reader, 4), Long(reader, 5),
                Long(reader, 6)));
        return new BreakdownReport(range.Currency, range.From, range.To, mode.Name, by, BreakdownReport.RowsFor(by, rows));
    }

    private static long Long(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetInt64(ordinal);
}
