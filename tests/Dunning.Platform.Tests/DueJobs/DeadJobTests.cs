using Dunning.Platform.DueJobs;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Dunning.Platform.Tests.DueJobs;

/// <summary>A job that can never succeed is dead: kept with its reason, never claimed again, until someone re-runs it.</summary>
public sealed class DeadJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Jobs = $"{PlatformHost.Schema}.due_jobs";
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly FailingHandler _handler = new();
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        PlatformHost.Migrate(_database);
    }

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task A_permanent_failure_makes_the_job_dead_after_one_run_and_it_is_never_claimed_again()
    {
        await InTransactionAsync(store => store.ScheduleAsync(Tx, "job:doomed", FailingHandler.JobKind, new { }, Start));
        _handler.Permanent = true;
        var worker = Worker();

        await worker.RunDueJobsAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(30)); // far past any backoff
        Assert.Equal(0, await worker.RunDueJobsAsync(CancellationToken.None));

        Assert.Equal(1, _handler.Runs);
        Assert.Equal(1, await _database.CountAsync($"""
            SELECT count(*) FROM {Jobs} WHERE job_key = 'job:doomed' AND dead_at IS NOT NULL AND due_at = 'infinity' AND attempts = 1
              AND last_error = '{FailingHandler.PermanentReason}'
            """));
    }

    [Fact]
    public async Task A_job_that_fails_every_run_is_dead_after_the_cap_and_runs_no_more()
    {
        await InTransactionAsync(store => store.ScheduleAsync(Tx, "job:broken", FailingHandler.JobKind, new { }, Start));
        var worker = Worker(maxFailures: 3);

        for (var run = 0; run < 6; run++)
        {
            await worker.RunDueJobsAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromHours(1)); // past the backoff
        }

        Assert.Equal(3, _handler.Runs);
        Assert.Equal(1, await _database.CountAsync($"""
            SELECT count(*) FROM {Jobs} WHERE job_key = 'job:broken' AND dead_at IS NOT NULL AND attempts = 3
              AND last_error LIKE 'failed 3 runs in a row%transient%'
            """));
    }

    [Fact]
    public async Task A_dead_job_on_a_test_clock_stays_dead_when_the_clock_moves_on()
    {
        await InTransactionAsync(store => store.AdvanceClockAsync(Tx, "clock_dead", Start));
        await InTransactionAsync(store => store.ScheduleAsync(Tx, "job:on-clock", FailingHandler.JobKind, new { }, Start, clockId: "clock_dead"));
        _handler.Permanent = true;
        var worker = Worker();
        await worker.RunDueJobsAsync(CancellationToken.None);

        await InTransactionAsync(store => store.AdvanceClockAsync(Tx, "clock_dead", Start.AddDays(1)));

        Assert.Equal(0, await worker.RunDueJobsAsync(CancellationToken.None));
        Assert.Equal(1, _handler.Runs);
        Assert.Equal(1, await _database.CountAsync($"SELECT count(*) FROM {Jobs} WHERE job_key = 'job:on-clock' AND dead_at IS NOT NULL"));
    }

    [Fact]
    public async Task A_dead_job_re_run_is_due_at_once_with_its_reason_kept_and_succeeds()
    {
        await InTransactionAsync(store => store.ScheduleAsync(Tx, "job:fixed-later", FailingHandler.JobKind, new { }, Start));
        _handler.Permanent = true;
        var worker = Worker();
        await worker.RunDueJobsAsync(CancellationToken.None);
        var deadJobs = NewDeadJobs();
        var dead = Assert.Single(await deadJobs.ListAsync(null, 10, CancellationToken.None));
        Assert.Equal(("job:fixed-later", FailingHandler.JobKind, 1, FailingHandler.PermanentReason), (dead.Key, dead.Kind, dead.Attempts, dead.LastError));

        Assert.Equal(DeadJobs.RerunResult.Rerun, await deadJobs.RerunAsync("job:fixed-later", "address corrected", CancellationToken.None));
        Assert.Equal(1, await _database.CountAsync(
            $"SELECT count(*) FROM {Jobs} WHERE job_key = 'job:fixed-later' AND dead_at IS NULL AND attempts = 0 AND rerun_reason = 'address corrected'"));
        Assert.Empty(await deadJobs.ListAsync(null, 10, CancellationToken.None));
        Assert.Equal(DeadJobs.RerunResult.NotDead, await deadJobs.RerunAsync("job:fixed-later", "again", CancellationToken.None));
        Assert.Equal(DeadJobs.RerunResult.NotFound, await deadJobs.RerunAsync("job:never-was", "typo", CancellationToken.None));

        _handler.Permanent = false;
        _handler.Succeed = true;
        await worker.RunDueJobsAsync(CancellationToken.None); // due now: no clock advance needed
        Assert.Equal(2, _handler.Runs);
        Assert.Equal(0, await _database.CountAsync($"SELECT count(*) FROM {Jobs}"));
    }

    [Fact]
    public async Task Scheduling_a_dead_job_again_brings_it_back_with_a_fresh_count()
    {
        await InTransactionAsync(store => store.ScheduleAsync(Tx, "job:again", FailingHandler.JobKind, new { }, Start));
        var worker = Worker(maxFailures: 1);
        await worker.RunDueJobsAsync(CancellationToken.None);
        Assert.Equal(1, await _database.CountAsync($"SELECT count(*) FROM {Jobs} WHERE dead_at IS NOT NULL"));

        await InTransactionAsync(store => store.ScheduleAsync(Tx, "job:again", FailingHandler.JobKind, new { }, Start.AddMinutes(1)));
        Assert.Equal(1, await _database.CountAsync(
            $"SELECT count(*) FROM {Jobs} WHERE dead_at IS NULL AND attempts = 0 AND due_at = '{Start.AddMinutes(1):O}'"));
        _handler.Succeed = true;
        _clock.Advance(TimeSpan.FromMinutes(1));
        await worker.RunDueJobsAsync(CancellationToken.None);
        Assert.Equal(0, await _database.CountAsync($"SELECT count(*) FROM {Jobs}"));
    }

    private NpgsqlTransaction Tx { get; set; } = null!;

    private async Task InTransactionAsync(Func<DueJobStore, Task> work)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Tx = transaction;
        await work(new DueJobStore(PlatformHost.Database, null, _clock));
        await transaction.CommitAsync();
    }

    private DueJobWorker Worker(int maxFailures = 50) => new(_database.DataSource, PlatformHost.Database, [_handler], _clock,
        Options.Create(new DueJobOptions { MaxConcurrency = 2, MaxFailures = maxFailures }), NullLogger<DueJobWorker>.Instance);

    private DeadJobs NewDeadJobs() => new(_database.DataSource, PlatformHost.Database, _clock, new DueJobSignal(),
        new DeadJobGauge(_database.DataSource, PlatformHost.Database, [_handler], _clock, Options.Create(new DueJobOptions()),
            NullLogger<DeadJobGauge>.Instance),
        NullLogger<DeadJobs>.Instance);

    /// <summary>Fails every run (a transient error, or with <see cref="Permanent"/> a permanent one) until told to <see cref="Succeed"/>.</summary>
    private sealed class FailingHandler : IDueJobHandler
    {
        public const string JobKind = "dead-test";
        public const string PermanentReason = "the recipient does not exist";
        private int _runs;
        public int Runs => Volatile.Read(ref _runs);
        public bool Permanent { get; set; }
        public bool Succeed { get; set; }
        public string Kind => JobKind;

        public Task<DueJobOutcome> HandleAsync(DueJob job, NpgsqlTransaction transaction, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            if (Succeed) return Task.FromResult(DueJobOutcome.Completed);
            throw Permanent ? new PermanentJobFailure(PermanentReason) : new InvalidOperationException("transient");
        }
    }
}
