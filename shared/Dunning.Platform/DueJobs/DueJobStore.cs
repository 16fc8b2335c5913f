using System.Text.Json;
using Dunning.Platform.Data;
using Dunning.Platform.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.Platform.DueJobs;

/// <summary>
/// Schedules and cancels durable due jobs in a unit of work. A unit that scheduled a job already due wakes this process's
/// <see cref="DueJobWorker"/> when it commits. A job may run on a Stripe test clock (<see cref="NewDueJob.ClockId"/>): its due
/// time is in that clock's time, and it runs when the clock reaches it (<see cref="AdvanceClock"/>), never by wall time.
/// </summary>
public sealed class DueJobStore(ServiceDatabase database, DueJobSignal signal, TimeProvider clock)
{
    private readonly string _upsert = $"""
        INSERT INTO {database.Table("due_jobs")} (job_key, kind, payload, due_at, clock_id, clock_due_at) VALUES (@key, @kind, @payload, {WallDueAt(database)},
            @clock, @clock_due)
        ON CONFLICT (job_key) DO UPDATE SET kind = excluded.kind, payload = excluded.payload, due_at = excluded.due_at, last_error = NULL,
            clock_id = excluded.clock_id, clock_due_at = excluded.clock_due_at,
            attempts = CASE WHEN {database.Table("due_jobs")}.dead_at IS NULL THEN {database.Table("due_jobs")}.attempts ELSE 0 END, dead_at = NULL
        """;
    private readonly string _insertIfAbsent = $"""
        INSERT INTO {database.Table("due_jobs")} (job_key, kind, payload, due_at, clock_id, clock_due_at) VALUES (@key, @kind, @payload, {WallDueAt(database)},
            @clock, @clock_due)
        ON CONFLICT (job_key) DO NOTHING
        """;
    private readonly string _clockTime = $"SELECT frozen_time FROM {database.Table("test_clocks")} WHERE clock_id = @clock";
    private readonly string[] _advanceClock = [$"""
        INSERT INTO {database.Table("test_clocks")} AS c (clock_id, frozen_time, updated_at) VALUES (@clock, @frozen, @wall)
        ON CONFLICT (clock_id) DO UPDATE SET frozen_time = GREATEST(c.frozen_time, excluded.frozen_time), updated_at = excluded.updated_at
        """, $"""
        UPDATE {database.Table("due_jobs")} SET due_at = @wall
        WHERE clock_id = @clock AND clock_due_at <= (SELECT frozen_time FROM {database.Table("test_clocks")} WHERE clock_id = @clock)
            AND due_at = 'infinity'::timestamptz
            AND dead_at IS NULL
        """];

    /// <summary>
    /// The wall time a job is due at: its own for a job on wall time; for a job on a test clock, now once the clock has
    /// reached its due time, else never ('infinity', until <see cref="AdvanceClockAsync"/> moves the clock).
    /// </summary>
    internal static string WallDueAt(ServiceDatabase database, string clockColumn = "@clock", string clockDue = "@clock_due", string wallDue = "@due",
            string wallNow = "@wall") => $"""
        CASE WHEN {clockColumn}::text IS NULL THEN {wallDue}
             WHEN {clockDue} <= (SELECT frozen_time FROM {database.Table("test_clocks")} WHERE clock_id = {clockColumn}) THEN {wallNow}
             ELSE 'infinity'::timestamptz END
        """;
    private readonly string _cancel = $"DELETE FROM {database.Table("due_jobs")} WHERE job_key = ANY(@keys)";

    /// <summary>Creates the job, or moves an existing job with the same key to the new time and payload (a dead one comes back to life).</summary>
    public void Schedule(UnitOfWork unit, NewDueJob job) => Write(unit, _upsert, job);

    /// <summary>Creates the job unless one with the same key exists.</summary>
    public void ScheduleOnce(UnitOfWork unit, NewDueJob job) => Write(unit, _insertIfAbsent, job);

    /// <summary>Deletes the jobs with these keys (those that exist). Looked up by key, so it costs the same however many jobs
    /// wait (a key-prefix <c>LIKE</c> scanned them all; ADR 009).</summary>
    public void Cancel(UnitOfWork unit, IReadOnlyCollection<string> keys) =>
        unit.Write(new NpgsqlBatchCommand(_cancel) { Parameters = { new("keys", keys.ToArray()) } });

    /// <summary>
    /// The test clock's time as Stripe last told it (its events' <c>frozen_time</c>, or the <c>created</c> of an event of an
    /// object on it); null when this service never heard of the clock.
    /// </summary>
    public async Task<DateTimeOffset?> ClockTimeAsync(UnitOfWork unit, string clockId, CancellationToken cancellationToken)
    {
        var rows = await unit.ReadAsync(new Query<DateTimeOffset>(new NpgsqlBatchCommand(_clockTime) { Parameters = { new("clock", clockId) } },
            row => row.GetFieldValue<DateTimeOffset>(0)), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// The clock reached <paramref name="frozenTime"/> (clocks only move forward): its jobs waiting for it, due by then, run now.
    /// Only waiting jobs: one that is running (leased) or backing off after a failure keeps its wall time, or a clock step
    /// would hand a running job to a second worker and hammer a failing SMTP server; a dead one stays dead.
    /// </summary>
    public void AdvanceClock(UnitOfWork unit, string clockId, DateTimeOffset frozenTime)
    {
        foreach (var sql in _advanceClock)
            unit.Write(new NpgsqlBatchCommand(sql) { Parameters = { new("clock", clockId), new("frozen", frozenTime), new("wall", clock.GetUtcNow()) } });
        unit.WakeAfterCommit(signal);
    }

    private void Write(UnitOfWork unit, string sql, NewDueJob job)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(Parameters(job));
        unit.Write(command);
        // A job on a test clock may be due now by the clock's time, which only the database knows: it wakes the worker too.
        if (job.ClockId is not null || job.DueAt <= clock.GetUtcNow())
            unit.WakeAfterCommit(signal);
    }

    private NpgsqlParameter[] Parameters(NewDueJob job) =>
    [
        new("key", job.Key), new("kind", job.Kind),
        new("payload", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(job.Payload, job.Payload.GetType(), MessageJson.Options) },
        new("due", job.DueAt),
        new("clock", NpgsqlDbType.Text) { Value = (object?)job.ClockId ?? DBNull.Value },
        new("clock_due", NpgsqlDbType.TimestampTz) { Value = job.ClockId is null ? DBNull.Value : job.DueAt },
        new("wall", clock.GetUtcNow()),
    ];
}
