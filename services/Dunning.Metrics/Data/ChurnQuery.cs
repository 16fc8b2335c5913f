using Dunning.Metrics.Domain;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Metrics.Data;

/// <summary>Subscriber churn per period, from the per-day movements (one row per day and mode, whatever the number of subscriptions).</summary>
public sealed class ChurnQuery(ReportDatabase reports, ServiceDatabase database)
{
    private readonly string _days = $"""
        SELECT day, sum(started)::bigint, sum(canceled)::bigint, sum(involuntary)::bigint
        FROM {database.Table("subscription_days_live")} WHERE day <= @to AND livemode = ANY(@livemodes)
        GROUP BY day ORDER BY day
        """;

    public async Task<ChurnReport> RunAsync(ReportRange range, ReportMode mode, string period, CancellationToken cancellationToken)
    {
        await using var command = reports.DataSource.CreateCommand(_days);
        command.Parameters.AddWithValue("to", range.To);
        ReportParameters.AddMode(command, mode);
        var days = new List<SubscriptionDay>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            days.Add(new SubscriptionDay(DateOnly.FromDateTime(reader.GetDateTime(0)), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        return new ChurnReport(range.From, range.To, mode.Name, period, ChurnCalculator.Periods(range.From, range.To, period, days));
    }
}
