using System.Collections.Concurrent;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Dunning.Platform.Tests.DueJobs;

public sealed class DueJobWorkerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly RecordingHandler _handler = new();
    private TestDatabase _database = null!;
    private HostedWorkers _workers = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        PlatformHost.Migrate(_database);
        _workers = new HostedWorkers(_database, _clock);
    }

    public async Task DisposeAsync()
    {
        await _workers.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Two_workers_run_each_due_job_exactly_once_and_leave_future_jobs_alone()
    {
        await _workers.WriteAsync((store, unit) =>
        {
            for (var i = 0; i < 200; i++)
                store.Schedule(unit, Job($"job:{i}", Start.AddMinutes(-i % 5)));
            store.Schedule(unit, Job("job:future", Start.AddHours(1)));
        });

        var workers = await Task.WhenAll(StartAsync(), StartAsync());
        await Eventually.HoldsAsync(async () => await CountAsync() == 1, TimeSpan.FromSeconds(60), "every due job ran and completed");
        foreach (var worker in workers)
            await _workers.StopAsync(worker); // no run still in flight

        Assert.Equal(200, _handler.Runs.Count);
        Assert.Equal(200, _handler.Runs.Distinct().Count());
        Assert.DoesNotContain("job:future", _handler.Runs);
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task A_failing_job_is_kept_and_retried_after_a_backoff()
    {
        await ScheduleAsync("job:flaky", Start);
        _handler.FailNext = true;
        await StartAsync();

        await Eventually.HoldsAsync(async () => await CountAsync("job_key = 'job:flaky' AND attempts = 1 AND last_error IS NOT NULL") == 1,
            "the failure is recorded");
        Assert.Empty(_handler.Runs);
        await _workers.ClaimPassAsync();
        Assert.Equal(1, await CountAsync("job_key = 'job:flaky' AND attempts = 1")); // backing off, not due yet: not claimed again
        Assert.Empty(_handler.Runs);

        _workers.Advance(TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await CountAsync() == 0, "the job ran again and completed");
        Assert.Equal(["job:flaky"], _handler.Runs);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task A_job_that_failed_while_the_database_was_down_runs_again_after_its_backoff_not_its_lease()
    {
        await ScheduleAsync("job:outage", Start);
        var outage = new OutageHandler(_database);
        await StartAsync(outage);

        // It fails, and its failure cannot be written: the database is gone.
        await Eventually.HoldsAsync(() => outage.Runs == 1 && FailureNotRecorded(), "the worker failed to record the failure");
        await outage.EndAsync();
        _workers.Advance(TimeSpan.FromMinutes(1)); // past the backoff (5 s), within the lease (2 min)
        await Eventually.HoldsAsync(async () => await CountAsync() == 0, "the job ran again and completed");

        Assert.Equal(2, outage.Runs);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task A_handler_whose_work_succeeded_but_whose_commit_was_lost_is_told_so_and_its_job_runs_again()
    {
        await ScheduleAsync("job:lost-commit", Start);
        var outage = new OutageHandler(_database, succeedBeforeCommit: true);
        await StartAsync(outage);

        // The handler succeeds, then the database goes before the commit.
        await Eventually.HoldsAsync(() => outage.CommitsLost == 1 && FailureNotRecorded(), "the commit was lost and the failure not recorded");
        Assert.Equal(1, outage.CommitsLost);
        await outage.EndAsync();
        _workers.Advance(TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await CountAsync() == 0, "the job ran again and completed");

        Assert.Equal(2, outage.Runs);
        Assert.Equal(1, outage.CommitsLost); // the second run committed
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task A_job_whose_handler_finished_its_work_as_the_service_stopped_is_committed_not_run_again()
    {
        await ScheduleAsync("job:stopping", Start);
        var handler = new FinishesOnStopHandler();

        var worker = await StartAsync(handler);
        await handler.Started.Task.WaitAsync(Eventually.DefaultTimeout);
        await _workers.StopAsync(worker);

        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Jobs_scheduled_together_are_created_once_each_and_an_existing_key_is_left_as_it_was()
    {
        await ScheduleAsync("job:a", Start.AddHours(1));
        await _workers.WriteAsync((store, unit) =>
        {
            store.ScheduleOnce(unit, Job("job:a", Start));
            store.ScheduleOnce(unit, Job("job:b", Start));
        });

        await StartAsync();
        await Eventually.HoldsAsync(async () => await CountAsync("job_key = 'job:b'") == 0, "job:b ran and completed");

        Assert.Equal(["job:b"], _handler.Runs);
        Assert.Equal(1, await CountAsync($"job_key = 'job:a' AND attempts = 0 AND due_at = '{Start.AddHours(1):O}'")); // never claimed
    }

    [Fact]
    public async Task Cancelled_jobs_never_run()
    {
        await ScheduleAsync("case:1:reminder:3", Start);
        await ScheduleAsync("case:1:reminder:7", Start);
        await ScheduleAsync("case:2:reminder:3", Start);
        await _workers.WriteAsync((store, unit) => store.Cancel(unit, ["case:1:reminder:3", "case:1:reminder:7", "case:1:reminder:9"]));
        Assert.Equal(0, await CountAsync("job_key LIKE 'case:1:%'")); // the two that existed are gone
        Assert.Equal(1, await CountAsync());

        await StartAsync();
        await Eventually.HoldsAsync(async () => await CountAsync() == 0, "the job left ran and completed");

        Assert.Equal(["case:2:reminder:3"], _handler.Runs);
    }

    [Fact]
    public async Task A_job_claimed_by_a_worker_that_died_runs_again_after_its_kinds_own_lease_others_after_the_default()
    {
        await ScheduleAsync("job:quick", Start, QuickHandler.JobKind);
        await ScheduleAsync("job:slow", Start);
        var stuck = new StuckHandler();
        var dying = await StartAsync(
            new StuckHandler.Of(stuck, RecordingHandler.JobKind, null), new StuckHandler.Of(stuck, QuickHandler.JobKind, QuickHandler.OwnLease));
        await Eventually.HoldsAsync(() => stuck.Started == 2, TimeSpan.FromSeconds(30), "the first worker claimed both jobs");
        await _workers.StopAsync(dying); // it dies holding both claims: its transactions end, the claims' leases stay
        Assert.Equal(2, await CountAsync($"attempts = 1 AND due_at > '{Start:O}'"));

        _workers.Advance(QuickHandler.OwnLease + TimeSpan.FromSeconds(1));
        var quick = new QuickHandler();
        await StartAsync(_handler, quick);
        await Eventually.HoldsAsync(async () => await CountAsync("job_key = 'job:quick'") == 0, "job:quick ran again and completed");

        Assert.Equal(["job:quick"], quick.Runs);
        Assert.Empty(_handler.Runs); // still within the default lease (2 minutes)
        Assert.Equal(1, await CountAsync("job_key = 'job:slow' AND attempts = 1")); // not claimed again
    }

    [Fact]
    public async Task A_job_that_leaves_a_job_due_now_wakes_the_worker_when_it_commits_not_at_the_next_poll()
    {
        await ScheduleAsync("chain:first", Start, ChainHandler.JobKind);
        var chain = new ChainHandler(_workers.Store);
        await StartAsync(_handler, chain);

        // The clock never moves: the worker's poll never comes, only the first job's commit can wake it for the second.
        await Eventually.HoldsAsync(() => _handler.Runs.Contains("job:next"), "the job the first one left due now ran");
        Assert.Equal(["chain:first"], chain.Runs);
    }

    private static NewDueJob Job(string key, DateTimeOffset dueAt, string kind = RecordingHandler.JobKind) => new(key, kind, new { key }, dueAt);

    private Task ScheduleAsync(string key, DateTimeOffset dueAt, string kind = RecordingHandler.JobKind) =>
        _workers.WriteAsync((store, unit) => store.Schedule(unit, Job(key, dueAt, kind)));

    private Task<long> CountAsync(string where = "true") => _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.due_jobs WHERE {where}");

    /// <summary>
    /// The worker logged that it could not write a failure: while it waits for a wake-up (the clock stands still), nothing else it
    /// does logs that.
    /// </summary>
    private bool FailureNotRecorded() => _workers.Log.Messages.Contains("Claiming due jobs failed");

    private Task<DueJobWorker> StartAsync(params IDueJobHandler[] handlers) =>
        _workers.StartAsync(new DueJobOptions { BatchSize = 500, MaxConcurrency = 4 }, handlers.Length > 0 ? handlers : [_handler]);

    private sealed class RecordingHandler : IDueJobHandler
    {
        public const string JobKind = "test";
        public ConcurrentBag<string> Runs { get; } = [];
        public bool FailNext { get; set; }
        public string Kind => JobKind;

        public Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
        {
            if (FailNext) { FailNext = false; throw new InvalidOperationException("transient"); }
            Runs.Add(job.Key);
            return Task.FromResult(DueJobOutcome.Completed);
        }
    }

    private sealed class QuickHandler : IDueJobHandler
    {
        public const string JobKind = "quick";
        public static readonly TimeSpan OwnLease = TimeSpan.FromSeconds(10);
        public ConcurrentBag<string> Runs { get; } = [];
        public string Kind => JobKind;
        public TimeSpan? Lease => OwnLease;

        public Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
        {
            Runs.Add(job.Key);
            return Task.FromResult(DueJobOutcome.Completed);
        }
    }

    /// <summary>
    /// On its first run, cuts the database off (no new connections, every open one ended) and fails — or, with
    /// <paramref name="succeedBeforeCommit"/>, succeeds, so that the worker's commit is what fails.
    /// </summary>
    private sealed class OutageHandler(TestDatabase database, bool succeedBeforeCommit = false) : IDueJobHandler
    {
        private int _runs;
        private int _commitsLost;
        public int Runs => Volatile.Read(ref _runs);
        public int CommitsLost => Volatile.Read(ref _commitsLost);
        public string Kind => RecordingHandler.JobKind;

        public async Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
        {
            var completed = DueJobOutcome.Completed with { IfNotCommitted = () => Interlocked.Increment(ref _commitsLost) };
            if (Interlocked.Increment(ref _runs) > 1) return completed;
            await AdminAsync($"""
                ALTER DATABASE {database.Name} ALLOW_CONNECTIONS false;
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database.Name}';
                """);
            return succeedBeforeCommit ? completed : throw new NpgsqlException("the database went away");
        }

        /// <summary>The database is back; the pool's connections to the old server sessions are dropped, as after a restart.</summary>
        public async Task EndAsync()
        {
            await AdminAsync($"ALTER DATABASE {database.Name} ALLOW_CONNECTIONS true");
            database.DataSource.Clear();
        }

        private static async Task AdminAsync(string sql)
        {
            await using var admin = new NpgsqlConnection(TestEnvironment.PostgresAdmin);
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand(sql, admin);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>A handler whose work ends with the service's stop and is then done (as an email the SMTP server got whole).</summary>
    private sealed class FinishesOnStopHandler : IDueJobHandler
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Kind => RecordingHandler.JobKind;

        public async Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            try { await Task.Delay(Timeout.Infinite, cancellationToken); }
            catch (OperationCanceledException) { /* stopping: the work is done all the same */ }
            return DueJobOutcome.Completed;
        }
    }

    /// <summary>Handlers that start and never finish: the worker running them is as good as dead.</summary>
    private sealed class StuckHandler
    {
        private int _started;
        public int Started => Volatile.Read(ref _started);

        public sealed class Of(StuckHandler stuck, string kind, TimeSpan? lease) : IDueJobHandler
        {
            public string Kind => kind;
            public TimeSpan? Lease => lease;

            public async Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref stuck._started);
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return DueJobOutcome.Completed;
            }
        }
    }

    /// <summary>Leaves a job of <see cref="RecordingHandler"/>'s kind due now, in its own unit of work.</summary>
    private sealed class ChainHandler(DueJobStore store) : IDueJobHandler
    {
        public const string JobKind = "chain";
        public ConcurrentBag<string> Runs { get; } = [];
        public string Kind => JobKind;

        public Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
        {
            Runs.Add(job.Key);
            store.Schedule(unit, Job("job:next", Start));
            return Task.FromResult(DueJobOutcome.Completed);
        }
    }
}
