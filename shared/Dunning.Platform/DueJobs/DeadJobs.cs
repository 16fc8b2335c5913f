using System.Text.Json;
using Dunning.Platform.Data;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dunning.Platform.DueJobs;

/// <summary>This service's dead due jobs: listed, and re-run (due now, with the reason kept on the row).</summary>
public sealed partial class DeadJobs(NpgsqlDataSource dataSource, ServiceDatabase database, TimeProvider clock, DueJobSignal signal, DeadJobGauge gauge,
    ILogger<DeadJobs> logger)
{
    public enum RerunResult { Rerun, NotFound, NotDead }

    private readonly string _list = $"""
        SELECT job_key, kind, payload::text, dead_at, attempts, last_error, created_at, clock_id, rerun_at, rerun_reason
        FROM {database.Table("due_jobs")} WHERE dead_at IS NOT NULL AND (@kind::text IS NULL OR kind = @kind) ORDER BY dead_at DESC LIMIT @limit
        """;
    private readonly string _rerun = $"""
        WITH job AS (SELECT job_key, dead_at FROM {database.Table("due_jobs")} WHERE job_key = @key FOR UPDATE)
        UPDATE {database.Table("due_jobs")} j SET due_at = @now, dead_at = NULL, attempts = 0, last_error = NULL, rerun_at = @now, rerun_reason = @reason
        FROM job WHERE j.job_key = job.job_key AND job.dead_at IS NOT NULL
        RETURNING j.kind
        """;
    private readonly string _rerunAll = $"""
        UPDATE {database.Table("due_jobs")} SET due_at = @now, dead_at = NULL, attempts = 0, last_error = NULL, rerun_at = @now, rerun_reason = @reason
        WHERE dead_at IS NOT NULL AND (@kind::text IS NULL OR kind = @kind)
        """;
    private readonly string _exists = $"SELECT 1 FROM {database.Table("due_jobs")} WHERE job_key = @key";

    public async Task<IReadOnlyList<DeadJob>> ListAsync(string? kind, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_list);
        command.Parameters.AddWithValue("kind", NpgsqlTypes.NpgsqlDbType.Text, (object?)kind ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var jobs = new List<DeadJob>();
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new DeadJob(reader.GetString(0), reader.GetString(1), JsonDocument.Parse(reader.GetString(2)).RootElement,
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }
        return jobs;
    }

    /// <summary>Makes the dead job <paramref name="key"/> due now, its failures forgotten; <paramref name="reason"/> stays on the row.</summary>
    public async Task<RerunResult> RerunAsync(string key, string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_rerun);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        if (await command.ExecuteScalarAsync(cancellationToken) is string kind)
        {
            LogRerun(key, kind, reason);
            signal.Pulse();
            gauge.Recount();
            return RerunResult.Rerun;
        }
        await using var exists = dataSource.CreateCommand(_exists);
        exists.Parameters.AddWithValue("key", key);
        return await exists.ExecuteScalarAsync(cancellationToken) is null ? RerunResult.NotFound : RerunResult.NotDead;
    }

    /// <summary>
    /// Re-runs every dead job (of <paramref name="kind"/>, when given): after fixing a cause they share, such as a relay that
    /// refused every recipient until its setting was corrected. Returns how many.
    /// </summary>
    public async Task<int> RerunAllAsync(string? kind, string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_rerunAll);
        command.Parameters.AddWithValue("kind", NpgsqlTypes.NpgsqlDbType.Text, (object?)kind ?? DBNull.Value);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        var count = await command.ExecuteNonQueryAsync(cancellationToken);
        LogRerunAll(count, kind ?? "any", reason);
        signal.Pulse();
        gauge.Recount();
        return count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} dead jobs of kind {Kind} re-run: {Reason}")]
    private partial void LogRerunAll(int count, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead job {Key} ({Kind}) re-run: {Reason}")]
    private partial void LogRerun(string key, string kind, string reason);
}
