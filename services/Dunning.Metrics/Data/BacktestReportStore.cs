using System.Text.Json;
using Dunning.Metrics.Domain;
using Dunning.Platform.Data;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.Metrics.Data;

/// <summary>A published backtest in the list: when it arrived, what it backtested, which policies it compares.</summary>
public sealed record BacktestSummary(string Id, DateTimeOffset ReceivedAt, string History, DateTimeOffset? From, DateTimeOffset? To, int Failures,
    IReadOnlyList<string> Policies);

/// <summary>A published backtest: the report as stored (<see cref="BacktestReport.ToJson"/>).</summary>
public sealed record PublishedBacktest(string Id, DateTimeOffset ReceivedAt, JsonElement Report);

/// <summary>Reads and writes <c>backtest_reports</c> in a unit of work; a report is stored once, under its content's id.</summary>
public sealed class BacktestReportStore(ServiceDatabase database)
{
    /// <summary>The list shows the newest reports only: older ones stay reachable by id.</summary>
    public const int Listed = 100;

    private readonly string _insert = $"""
        INSERT INTO {database.Table("backtest_reports")} (id, received_at, history, from_at, to_at, failures, policies, report)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (id) DO NOTHING
        """;
    private readonly string _summaries = $"SELECT id, received_at, history, from_at, to_at, failures, policies FROM {database.Table("backtest_reports")}";
    private readonly string _delete = $"DELETE FROM {database.Table("backtest_reports")} WHERE id = $1";
    private readonly string _report = $"SELECT id, received_at, report::text FROM {database.Table("backtest_reports")} WHERE id = $1";

    /// <summary>Stores the report unless it is already; says whether it was new.</summary>
    public async Task<bool> SaveAsync(UnitOfWork unit, BacktestReport report, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        await unit.ExecuteAsync(Statement.Of(_insert, report.Id(), receivedAt, report.History, report.From?.ToUniversalTime(),
            report.To?.ToUniversalTime(), report.Failures, report.Policies.Select(p => p.Name).ToArray(),
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = report.ToJson() }), cancellationToken) == 1;

    /// <summary>The newest <see cref="Listed"/> reports, newest first.</summary>
    public Task<IReadOnlyList<BacktestSummary>> ListAsync(UnitOfWork unit, CancellationToken cancellationToken) =>
        unit.ReadAsync(new Query<BacktestSummary>(Statement.Of($"{_summaries} ORDER BY received_at DESC, id LIMIT {Listed}"), Summary), cancellationToken);

    public async Task<BacktestSummary?> SummaryAsync(UnitOfWork unit, string id, CancellationToken cancellationToken) =>
        (await unit.ReadAsync(new Query<BacktestSummary>(Statement.Of($"{_summaries} WHERE id = $1", id), Summary), cancellationToken))
        .SingleOrDefault();

    public async Task<PublishedBacktest?> FindAsync(UnitOfWork unit, string id, CancellationToken cancellationToken) =>
        (await unit.ReadAsync(new Query<PublishedBacktest>(Statement.Of(_report, id),
            r => new PublishedBacktest(r.GetString(0), r.GetFieldValue<DateTimeOffset>(1), JsonDocument.Parse(r.GetString(2)).RootElement.Clone())),
            cancellationToken)).SingleOrDefault();

    /// <summary>Deletes the report; says whether there was one.</summary>
    public async Task<bool> DeleteAsync(UnitOfWork unit, string id, CancellationToken cancellationToken) =>
        await unit.ExecuteAsync(Statement.Of(_delete, id), cancellationToken) == 1;

    private static BacktestSummary Summary(NpgsqlDataReader r) => new(r.GetString(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2),
        r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3), r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4), r.GetInt32(5),
        r.GetFieldValue<string[]>(6));
}
