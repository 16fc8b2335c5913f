using Dunning.Metrics.Data;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Metrics.Telemetry;

/// <summary>
/// The ledger figures the Prometheus gauges report, per currency and mode (<c>live</c> or <c>test</c>: never summed together),
/// refreshed in the background, read without I/O.
/// </summary>
public sealed record LedgerTotals(string Currency, string Mode, long RecoveredMinor, long LostMinor, long OpenCases, long RecoveredCases, long LostCases);

/// <summary>Reads the per-currency and per-mode totals from the daily rollup (a few rows per day), cheap at any ledger size.</summary>
public sealed class LedgerTotalsQuery(ReportDatabase reports, ServiceDatabase database)
{
    private readonly string _totals = $"""
        SELECT currency, CASE WHEN livemode THEN 'live' ELSE 'test' END,
               coalesce(sum(amount_minor) FILTER (WHERE measure = 'recovered'), 0)::bigint,
               coalesce(sum(amount_minor) FILTER (WHERE measure = 'lost'), 0)::bigint,
               coalesce(sum(CASE WHEN measure = 'failed' THEN case_count ELSE -case_count END), 0)::bigint,
               coalesce(sum(case_count) FILTER (WHERE measure = 'recovered'), 0)::bigint,
               coalesce(sum(case_count) FILTER (WHERE measure = 'lost'), 0)::bigint
        FROM {database.Table("daily_rollup_live")}
        WHERE dimension = 'total'
        GROUP BY currency, livemode
        """;

    public async Task<IReadOnlyList<LedgerTotals>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = reports.DataSource.CreateCommand(_totals);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var totals = new List<LedgerTotals>();
        while (await reader.ReadAsync(cancellationToken))
            totals.Add(new LedgerTotals(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6)));
        return totals;
    }
}
