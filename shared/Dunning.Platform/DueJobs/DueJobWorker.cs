using System.Collections.Concurrent;
using System.Diagnostics;
using Dunning.Platform.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dunning.Platform.DueJobs;

/// <summary>
/// Runs due jobs: claims them with <c>FOR UPDATE SKIP LOCKED</c> by leasing them (moving <c>due_at</c>
/// forward), then handles each job in its own transaction, guarded by the claim's attempt number so a
/// job re-claimed after an expired lease is run by one worker only. Any number of instances may run.
/// As a hosted service it is a continuous pipeline: at most <see cref="DueJobOptions.MaxConcurrency"/> claimed jobs
/// in flight, and as soon as a quarter of them finished, the next ones are claimed (no waiting for the slowest job
/// of a batch). It polls every <see cref="DueJobOptions.PollInterval"/> and wakes at once on a <see cref="DueJobSignal"/>.
/// A job runs in a unit of work of its own (not shared: it may call Stripe or an SMTP server), committed with its completion.
/// A job whose handler throws runs again after a backoff, unless the failure is permanent (<see cref="PermanentJobFailure"/>) or
/// it failed <see cref="DueJobOptions.MaxFailures"/> runs in a row: then it is dead (never claimed again, counted by
/// <see cref="DeadJobGauge"/>) until someone re-runs it (<see cref="DeadJobs"/>).
/// </summary>
public sealed partial class DueJobWorker(
    NpgsqlDataSource dataSource,
    ServiceDatabase database,
    IEnumerable<IDueJobHandler> handlers,
    TimeProvider clock,
    IOptions<DueJobOptions> options,
    ILogger<DueJobWorker> logger,
    DueJobSignal signal,
    DeadJobGauge deadJobGauge) : BackgroundService
{
    private readonly DueJobOptions _options = options.Value;
    private readonly ConcurrentQueue<Failure> _unrecorded = new();
    private readonly Dictionary<string, IDueJobHandler> _handlers = handlers.ToDictionary(h => h.Kind);
    private readonly Dictionary<string, TimeSpan> _ownLeases = handlers.Where(h => h.Lease is not null).ToDictionary(h => h.Kind, h => h.Lease!.Value);
    private readonly string _claim = $"""
        WITH due AS (
            SELECT job_key, kind, due_at FROM {database.Table("due_jobs")}
            WHERE due_at <= @now ORDER BY due_at LIMIT @batch
            FOR UPDATE SKIP LOCKED),
        leased AS (
            SELECT due.job_key, due.due_at, COALESCE(kind_lease.lease, @lease) AS lease
            FROM due LEFT JOIN unnest(@kinds, @leases) AS kind_lease (kind, lease) ON kind_lease.kind = due.kind)
        UPDATE {database.Table("due_jobs")} j SET due_at = @now + leased.lease, attempts = j.attempts + 1
        FROM leased WHERE j.job_key = leased.job_key
        RETURNING j.job_key, j.kind, j.payload::text, leased.due_at, j.attempts
        """;
    private readonly string _lock = $"SELECT 1 FROM {database.Table("due_jobs")} WHERE job_key = @key AND attempts = @attempt FOR UPDATE";
    private readonly string _complete = $"DELETE FROM {database.Table("due_jobs")} WHERE job_key = @key AND attempts = @attempt";
    // A job on a test clock runs again at @at in its clock's time (see DueJobStore.WallDueAt).
    private readonly string _runAgain = $"""
        UPDATE {database.Table("due_jobs")} j SET due_at = {DueJobStore.WallDueAt(database, "j.clock_id", "@at", "@at", "@now")},
            clock_due_at = CASE WHEN j.clock_id IS NULL THEN NULL ELSE @at END, attempts = 0, last_error = NULL
        WHERE job_key = @key AND attempts = @attempt
        """;
    private readonly string _retryLater =
        $"UPDATE {database.Table("due_jobs")} SET due_at = @at, attempts = 0, last_error = NULL WHERE job_key = @key AND attempts = @attempt";
    private readonly string _failed = $"UPDATE {database.Table("due_jobs")} SET due_at = @at, last_error = @error WHERE job_key = @key AND attempts = @attempt";
    private readonly string _dead = $"""
        UPDATE {database.Table("due_jobs")} SET due_at = 'infinity'::timestamptz, dead_at = @now, last_error = @error
        WHERE job_key = @key AND attempts = @attempt
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        var claimAtLeast = Math.Clamp(_options.MaxConcurrency / 4, 1, _options.BatchSize);
        while (!stoppingToken.IsCancellationRequested)
        {
            int free;
            try
            {
                free = await TakeFreeSlotsAsync(slots, claimAtLeast, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            var jobs = new List<DueJob>();
            try
            {
                jobs = await ClaimAsync(free, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                slots.Release(free);
                break;
            }
            catch (Exception exception)
            {
                LogClaimFailed(exception);
            }
            if (free > jobs.Count)
                slots.Release(free - jobs.Count);
            foreach (var job in jobs)
                _ = RunThenFreeSlotAsync(job, slots, stoppingToken);
            if (jobs.Count < free)
                await signal.WaitAsync(_options.PollInterval, clock, stoppingToken);
        }
        for (var i = 0; i < _options.MaxConcurrency; i++)
            await slots.WaitAsync(CancellationToken.None); // the jobs in flight end (cancelled) before the host stops
    }

    /// <summary>Waits for <paramref name="atLeast"/> free slots (or one, after a poll interval), then takes every free one.</summary>
    private async Task<int> TakeFreeSlotsAsync(SemaphoreSlim slots, int atLeast, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        var taken = 1;
        var started = Stopwatch.GetTimestamp();
        while (taken < atLeast && Stopwatch.GetElapsedTime(started) is var waited && waited < _options.PollInterval
               && await slots.WaitAsync(_options.PollInterval - waited, cancellationToken))
            taken++;
        while (taken < _options.MaxConcurrency && slots.Wait(0, CancellationToken.None))
            taken++;
        var claim = Math.Min(taken, _options.BatchSize);
        if (claim < taken)
            slots.Release(taken - claim);
        return claim;
    }

    private async Task RunThenFreeSlotAsync(DueJob job, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(job, cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // stopping: the lease expires and the job runs again
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<List<DueJob>> ClaimAsync(int batchSize, CancellationToken cancellationToken)
    {
        await RecordUnrecordedFailuresAsync(cancellationToken);
        await using var command = dataSource.CreateCommand(_claim);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("batch", batchSize);
        command.Parameters.AddWithValue("lease", _options.Lease);
        command.Parameters.AddWithValue("kinds", _ownLeases.Keys.ToArray());
        command.Parameters.AddWithValue("leases", _ownLeases.Values.ToArray());
        var jobs = new List<DueJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            jobs.Add(new DueJob(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4)));
        return jobs;
    }

    private async Task RunAsync(DueJob job, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (!await ExecuteAsync(_lock, transaction, job, null, null, cancellationToken))
                return; // another worker re-claimed it after our lease expired
            if (!_handlers.TryGetValue(job.Kind, out var handler))
                throw new InvalidOperationException($"No handler for due jobs of kind '{job.Kind}'");

            var unit = new UnitOfWork(transaction, new PendingWrites());
            var outcome = await handler.HandleAsync(job, unit, cancellationToken);
            // A handler that returned has done its work (an email may have left): it commits even when the service is stopping.
            var commitToken = CancellationToken.None;
            try
            {
                await unit.FlushAsync(commitToken);
                if (outcome.RunAgainAt is { } at)
                    await ExecuteAsync(_runAgain, transaction, job, at, null, commitToken);
                else if (outcome.RetryAfter is { } wait)
                    await ExecuteAsync(_retryLater, transaction, job, clock.GetUtcNow() + wait, null, commitToken);
                else
                    await ExecuteAsync(_complete, transaction, job, null, null, commitToken);
                await unit.CommitAsync(commitToken);
            }
            catch
            {
                outcome.IfNotCommitted?.Invoke();
                throw;
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            await RecordFailureAsync(job, exception, cancellationToken);
        }
    }

    private async Task RecordFailureAsync(DueJob job, Exception exception, CancellationToken cancellationToken)
    {
        Failure failure;
        if (DeadReason(job, exception) is { } reason)
        {
            LogJobDead(exception, job.Key, job.Kind, job.Attempt, reason);
            failure = new Failure(job, null, reason);
        }
        else
        {
            LogJobFailed(exception, job.Key, job.Attempt);
            var backoff = TimeSpan.FromTicks(Math.Min(_options.MaxFailureBackoff.Ticks, _options.FailureBackoff.Ticks * (1L << Math.Min(job.Attempt - 1, 20))));
            failure = new Failure(job, clock.GetUtcNow() + backoff, exception.Message);
        }
        if (!await TryRecordAsync(failure, cancellationToken))
            _unrecorded.Enqueue(failure);
    }

    /// <summary>Why the job must not run again by itself; null when it should, after a backoff.</summary>
    private string? DeadReason(DueJob job, Exception exception) => exception switch
    {
        PermanentJobFailure permanent => permanent.Message,
        _ when job.Attempt >= _options.MaxFailures => $"failed {job.Attempt} runs in a row (DueJobs:MaxFailures), the last with: {exception.Message}",
        _ => null,
    };

    /// <summary>
    /// Failures that could not be written (the database was down when the job failed) are written before the next claim,
    /// so the job runs again after its backoff, not after its whole lease. Kept in memory only: if this process dies
    /// first, the lease still brings the job back.
    /// </summary>
    private async Task RecordUnrecordedFailuresAsync(CancellationToken cancellationToken)
    {
        for (var pending = _unrecorded.Count; pending > 0 && _unrecorded.TryPeek(out var failure); pending--)
        {
            if (!await TryRecordAsync(failure, cancellationToken))
                return; // still down: the claim that follows will fail too, and the next loop tries again
            _unrecorded.TryDequeue(out _);
        }
    }

    /// <summary>
    /// Moves the job to its retry time, or marks it dead (only while this claim still holds it); false when the database cannot
    /// be reached.
    /// </summary>
    private async Task<bool> TryRecordAsync(Failure failure, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(failure.RetryAt is null ? _dead : _failed, transaction, failure.Job, failure.RetryAt, failure.Error, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (failure.RetryAt is null)
                deadJobGauge.Recount();
            return true;
        }
        catch (Exception recordException) when (!cancellationToken.IsCancellationRequested)
        {
            LogClaimFailed(recordException);
            return false;
        }
    }

    /// <summary>A failed run to record: it runs again at <paramref name="RetryAt"/>, or, when that is null, it is dead.</summary>
    private sealed record Failure(DueJob Job, DateTimeOffset? RetryAt, string Error);

    private async Task<bool> ExecuteAsync(string sql, NpgsqlTransaction transaction, DueJob job, DateTimeOffset? at, string? error,
            CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        command.Parameters.AddWithValue("key", job.Key);
        if (sql.Contains("@now", StringComparison.Ordinal)) command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("attempt", job.Attempt);
        if (at is not null) command.Parameters.AddWithValue("at", at.Value);
        if (error is not null) command.Parameters.AddWithValue("error", error);
        return sql.StartsWith("SELECT", StringComparison.Ordinal)
            ? await command.ExecuteScalarAsync(cancellationToken) is not null
            : await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming due jobs failed")]
    private partial void LogClaimFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Due job {Key} failed on attempt {Attempt}")]
    private partial void LogJobFailed(Exception exception, string key, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Due job {Key} ({Kind}) is dead after attempt {Attempt}, it will not run again until re-run: {Reason}")]
    private partial void LogJobDead(Exception exception, string key, string kind, int attempt, string reason);
}
