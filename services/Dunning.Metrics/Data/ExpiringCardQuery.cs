using Dunning.Metrics.Domain;
using Dunning.Platform.Data;

namespace Dunning.Metrics.Data;

/// <summary>
/// Expiring-card reminders sent (by sent_at) and failures prevented (by replaced_at) in a report's days, in every currency:
/// a reminder has no amount. Its mode is its subscription's, read now, so a subscription that arrives after the reminder
/// still moves it to its mode; one the service never heard of counts as live, as the ledger's rows from before 0007 do.
/// </summary>
public sealed class ExpiringCardQuery(ReportDatabase reports, ServiceDatabase database)
{
    private readonly string _counts = $"""
        SELECT count(*) FILTER (WHERE r.sent_at >= @start AND r.sent_at < @end)::bigint,
               count(*) FILTER (WHERE r.replaced_at >= @start AND r.replaced_at < @end)::bigint
        FROM {database.Table("expiring_card_reminders")} r
        LEFT JOIN {database.Table("subscriptions")} s ON s.subscription_id = r.subscription_id
        WHERE ((r.sent_at >= @start AND r.sent_at < @end) OR (r.replaced_at >= @start AND r.replaced_at < @end))
          AND coalesce(s.livemode, true) = ANY(@livemodes)
        """;

    public async Task<ExpiringCardFigures> RunAsync(ReportRange range, ReportMode mode, CancellationToken cancellationToken)
    {
        await using var command = reports.DataSource.CreateCommand(_counts);
        command.Parameters.AddWithValue("start", StartOf(range.From));
        command.Parameters.AddWithValue("end", StartOf(range.To.AddDays(1)));
        ReportParameters.AddMode(command, mode);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ExpiringCardFigures(reader.GetInt64(0), reader.GetInt64(1));
    }

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
