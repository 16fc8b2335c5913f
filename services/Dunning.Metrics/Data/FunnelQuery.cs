using Dunning.Metrics.Domain;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Metrics.Data;

/// <summary>The attempt funnel from the rollup's <c>funnel</c> dimension: the cases that failed in the range, by stage reached and outcome now.</summary>
public sealed class FunnelQuery(ReportDatabase reports, ServiceDatabase database)
{
    private readonly string _cells = $"""
        SELECT key::int, measure, sum(case_count)::bigint, sum(amount_minor)::bigint
        FROM {database.Table("daily_rollup_live")}
        WHERE currency = @currency AND dimension = 'funnel' AND day BETWEEN @from AND @to AND livemode = ANY(@livemodes)
        GROUP BY key, measure
        HAVING sum(case_count) <> 0
        """;

    public async Task<FunnelReport> RunAsync(ReportRange range, ReportMode mode, CancellationToken cancellationToken)
    {
        var cells = await CellsAsync(range, mode, cancellationToken);
        return new FunnelReport(range.Currency, range.From, range.To, mode.Name,
            new Money(cells.Sum(c => c.Count), cells.Sum(c => c.AmountMinor)), AttemptFunnel.Steps(cells));
    }

    /// <summary>The cases that failed in the range, by the stage they reached and their outcome now.</summary>
    public async Task<IReadOnlyList<FunnelCell>> CellsAsync(ReportRange range, ReportMode mode, CancellationToken cancellationToken)
    {
        await using var command = reports.DataSource.CreateCommand(_cells);
        ReportParameters.Add(command, range, mode);
        var cells = new List<FunnelCell>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            cells.Add(new FunnelCell(reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        return cells;
    }
}
