using System.Text.Json;
using Dunning.Platform.Data;
using Dunning.Platform.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.Platform.DueJobs;

/// <summary>
/// Schedules and cancels durable due jobs inside the caller's transaction. After the commit, <see cref="NotifyCommitted"/>
/// wakes this process's <see cref="DueJobWorker"/> if the transaction scheduled a job that is already due.
/// A job may run on a Stripe test clock (<c>clockId</c>): its due time is in that clock's time, and it runs when the clock
/// reaches it (<see cref="AdvanceClockAsync"/>), never by wall time.
/// </summary>
public sealed class DueJobStore(ServiceDatabase database, DueJobSignal? signal = null, TimeProvider? clock = null)
{
    private readonly TransactionMarks _dueNow = new();

    private readonly string _upsert = $"""
        INSERT INTO {database.Table("due_jobs")} (job_key, kind, payload, due_at, clock_id, clock_due_at) VALUES (@key, @kind, @payload, {WallDueAt(database)}, @clock, @clock_due)
        ON CONFLICT (job_key) DO UPDATE SET kind = excluded.kind, payload = excluded.payload, due_at = excluded.due_at, last_error = NULL,
            clock_id = excluded.clock_id, clock_due_at = excluded.clock_due_at,
            attempts = CASE WHEN {database.Table("due_jobs")}.dead_at IS NULL THEN {database.Table("due_jobs")}.attempts ELSE 0 END, dead_at = NULL
        """;
    private readonly string _insertIfAbsent = $"""
        INSERT INTO {database.Table("due_jobs")} (job_key, kind, payload, due_at, clock_id, clock_due_at) VALUES (@key, @kind, @payload, {WallDueAt(database)}, @clock, @clock_due)
        ON CONFLICT (job_key) DO NOTHING
        """;
    private readonly string _clockTime = $"SELECT frozen_time FROM {database.Table("test_clocks")} WHERE clock_id = @clock";
    private readonly string _advanceClock = $"""
        INSERT INTO {database.Table("test_clocks")} AS c (clock_id, frozen_time, updated_at) VALUES (@clock, @frozen, @wall)
        ON CONFLICT (clock_id) DO UPDATE SET frozen_time = GREATEST(c.frozen_time, excluded.frozen_time), updated_at = excluded.updated_at;
        UPDATE {database.Table("due_jobs")} SET due_at = @wall
        WHERE clock_id = @clock AND clock_due_at <= (SELECT frozen_time FROM {database.Table("test_clocks")} WHERE clock_id = @clock) AND due_at = 'infinity'::timestamptz
            AND dead_at IS NULL
        """;

    /// <summary>
    /// The wall time a job is due at: its own for a job on wall time; for a job on a test clock, now once the clock has
    /// reached its due time, else never ('infinity', until <see cref="AdvanceClockAsync"/> moves the clock).
    /// </summary>
    internal static string WallDueAt(ServiceDatabase database, string clockColumn = "@clock", string clockDue = "@clock_due", string wallDue = "@due", string wallNow = "@wall") => $"""
        CASE WHEN {clockColumn}::text IS NULL THEN {wallDue}
             WHEN {clockDue} <= (SELECT frozen_time FROM {database.Table("test_clocks")} WHERE clock_id = {clockColumn}) THEN {wallNow}
             ELSE 'infinity'::timestamptz END
        """;
    private readonly string _cancel = $"DELETE FROM {database.Table("due_jobs")} WHERE job_key = ANY(@keys)";

    /// <summary>Creates the job, or moves an existing job with the same key to the new time and payload (a dead one comes back to life).</summary>
    /// <param name="clockId">The Stripe test clock <paramref name="dueAt"/> is measured on; null for wall time.</param>
    public Task ScheduleAsync(NpgsqlTransaction transaction, string key, string kind, object payload, DateTimeOffset dueAt, CancellationToken cancellationToken = default,
        string? clockId = null)
    {
        NoteIfDueNow(transaction, dueAt, clockId);
        return ExecuteAsync(_upsert, transaction, new NewDueJob(key, kind, payload, dueAt, clockId), cancellationToken);
    }

    /// <summary>Creates the job unless one with the same key exists; returns whether it was created.</summary>
    /// <param name="clockId">The Stripe test clock <paramref name="dueAt"/> is measured on; null for wall time.</param>
    public async Task<bool> ScheduleOnceAsync(NpgsqlTransaction transaction, string key, string kind, object payload, DateTimeOffset dueAt, CancellationToken cancellationToken = default,
        string? clockId = null)
    {
        NoteIfDueNow(transaction, dueAt, clockId);
        return await ExecuteAsync(_insertIfAbsent, transaction, new NewDueJob(key, kind, payload, dueAt, clockId), cancellationToken) == 1;
    }

    /// <summary>
    /// The test clock's time as Stripe last told it (its events' <c>frozen_time</c>, or the <c>created</c> of an event of an
    /// object on it); null when this service never heard of the clock.
    /// </summary>
    public async Task<DateTimeOffset?> ClockTimeAsync(NpgsqlTransaction transaction, string clockId, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(_clockTime, transaction.Connection, transaction);
        command.Parameters.AddWithValue("clock", clockId);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime time ? new DateTimeOffset(time, TimeSpan.Zero) : null;
    }

    /// <summary>
    /// The clock reached <paramref name="frozenTime"/> (clocks only move forward): its jobs waiting for it, due by then, run now.
    /// Only waiting jobs: one that is running (leased) or backing off after a failure keeps its wall time, or a clock step
    /// would hand a running job to a second worker and hammer a failing SMTP server; a dead one stays dead.
    /// </summary>
    public async Task AdvanceClockAsync(NpgsqlTransaction transaction, string clockId, DateTimeOffset frozenTime, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(_advanceClock, transaction.Connection, transaction);
        command.Parameters.AddWithValue("clock", clockId);
        command.Parameters.AddWithValue("frozen", frozenTime);
        command.Parameters.AddWithValue("wall", (clock ?? TimeProvider.System).GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (signal is not null) _dueNow.Mark(transaction);
    }

    /// <summary>Creates each job unless one with the same key exists, all in one round trip.</summary>
    public async Task ScheduleOnceAsync(NpgsqlTransaction transaction, IReadOnlyCollection<NewDueJob> jobs, CancellationToken cancellationToken = default)
    {
        if (jobs.Count == 0) return;
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        foreach (var job in jobs)
            batch.BatchCommands.Add(ScheduleOnceCommand(transaction, job));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The insert of <see cref="ScheduleOnceAsync(NpgsqlTransaction, IReadOnlyCollection{NewDueJob}, CancellationToken)"/>
    /// for one job, as a command for a round trip the caller makes in <paramref name="transaction"/> anyway.</summary>
    public NpgsqlBatchCommand ScheduleOnceCommand(NpgsqlTransaction transaction, NewDueJob job)
    {
        NoteIfDueNow(transaction, job.DueAt, job.ClockId);
        var command = new NpgsqlBatchCommand(_insertIfAbsent);
        command.Parameters.AddRange(Parameters(job));
        return command;
    }

    /// <summary>Deletes the jobs with these keys (those that exist); returns how many. Looked up by key, so it costs the same
    /// however many jobs wait (a key-prefix <c>LIKE</c> scanned them all; ADR 009).</summary>
    public async Task<int> CancelAsync(NpgsqlTransaction transaction, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(_cancel, transaction.Connection, transaction);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<int> ExecuteAsync(string sql, NpgsqlTransaction transaction, NewDueJob job, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        command.Parameters.AddRange(Parameters(job));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlParameter[] Parameters(NewDueJob job) =>
    [
        new("key", job.Key), new("kind", job.Kind),
        new("payload", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(job.Payload, job.Payload.GetType(), MessageJson.Options) },
        new("due", job.DueAt),
        new("clock", NpgsqlDbType.Text) { Value = (object?)job.ClockId ?? DBNull.Value },
        new("clock_due", NpgsqlDbType.TimestampTz) { Value = job.ClockId is null ? DBNull.Value : job.DueAt },
        new("wall", (clock ?? TimeProvider.System).GetUtcNow()),
    ];

    /// <summary>Call after committing <paramref name="transaction"/>: a job it made due now runs without waiting for the next poll.</summary>
    public void NotifyCommitted(NpgsqlTransaction transaction)
    {
        if (_dueNow.Take(transaction))
            signal?.Pulse();
    }

    /// <summary>A job on a test clock may be due now by the clock's time, which only the database knows: it wakes the worker too.</summary>
    private void NoteIfDueNow(NpgsqlTransaction transaction, DateTimeOffset dueAt, string? clockId)
    {
        if (signal is not null && (clockId is not null || dueAt <= (clock ?? TimeProvider.System).GetUtcNow()))
            _dueNow.Mark(transaction);
    }
}
