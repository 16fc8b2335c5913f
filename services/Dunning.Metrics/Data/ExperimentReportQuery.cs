using Dunning.Metrics.Domain;
using Dunning.Platform.Data;

namespace Dunning.Metrics.Data;

/// <summary>An experiment's closed cases in one mode, read from the ledger's rows (the index on experiment_id), for the per-arm report.</summary>
public sealed class ExperimentReportQuery(ReportDatabase reports, ServiceDatabase database)
{
    private readonly string _cases = $"""
        SELECT arm, coalesce(arm_control, false), currency, outcome = 'recovered', amount_minor
        FROM {database.Table("ledger")}
        WHERE experiment_id = @experiment AND outcome <> 'open' AND livemode = ANY(@livemodes)
        """;

    public async Task<ExperimentReport> RunAsync(Guid experimentId, ReportMode mode, CancellationToken cancellationToken)
    {
        await using var command = reports.DataSource.CreateCommand(_cases);
        command.Parameters.AddWithValue("experiment", experimentId);
        ReportParameters.AddMode(command, mode);
        var cases = new List<ExperimentCase>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            cases.Add(new ExperimentCase(reader.GetString(0), reader.GetBoolean(1), reader.GetString(2), reader.GetBoolean(3), reader.GetInt64(4)));
        return ExperimentReport.Of(experimentId, mode, cases);
    }
}
