using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Platform.Tests.DueJobs;

/// <summary>A job that can never succeed is dead: kept with its reason, never claimed again, until someone re-runs it.</summary>
public sealed class DeadJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Jobs = $"{PlatformHost.Schema}.due_jobs";
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly FailingHandler _handler = new();
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
    public async Task A_permanent_failure_makes_the_job_dead_after_one_run_and_it_is_never_claimed_again()
    {
        await ScheduleAsync("job:doomed", Start);
        _handler.Permanent = true;
        await StartAsync();
        await Eventually.HoldsAsync(() => DeadAsync("job:doomed"), "the job is dead");

        _workers.Advance(TimeSpan.FromDays(30)); // far past any backoff
        await _workers.ClaimPassAsync();

        Assert.Equal(1, _handler.Runs);
        Assert.Equal(1, await _database.CountAsync($"""
            SELECT count(*) FROM {Jobs} WHERE job_key = 'job:doomed' AND dead_at IS NOT NULL AND due_at = 'infinity' AND attempts = 1
              AND last_error = '{FailingHandler.PermanentReason}'
            """));
    }

    [Fact]
    public async Task A_job_that_fails_every_run_is_dead_after_the_cap_and_runs_no_more()
    {
        await ScheduleAsync("job:broken", Start);
        await StartAsync(maxFailures: 3);

        for (var run = 1; run <= 3; run++)
        {
            await Eventually.HoldsAsync(() => FailureRecordedAsync("job:broken", run), $"run {run} failed and its failure is recorded");
            _workers.Advance(TimeSpan.FromHours(1)); // past the backoff
        }
        await _workers.ClaimPassAsync();

        Assert.Equal(3, _handler.Runs);
        Assert.Equal(1, await _database.CountAsync($"""
            SELECT count(*) FROM {Jobs} WHERE job_key = 'job:broken' AND dead_at IS NOT NULL AND attempts = 3
              AND last_error LIKE 'failed 3 runs in a row%transient%'
            """));
    }

    [Fact]
    public async Task A_dead_job_on_a_test_clock_stays_dead_when_the_clock_moves_on()
    {
        await _workers.WriteAsync((store, unit) => store.AdvanceClock(unit, "clock_dead", Start));
        await _workers.WriteAsync((store, unit) => store.Schedule(unit, new NewDueJob("job:on-clock", FailingHandler.JobKind, new { }, Start, "clock_dead")));
        _handler.Permanent = true;
        await StartAsync();
        await Eventually.HoldsAsync(() => DeadAsync("job:on-clock"), "the job is dead");

        await _workers.WriteAsync((store, unit) => store.AdvanceClock(unit, "clock_dead", Start.AddDays(1)));
        await _workers.ClaimPassAsync();

        Assert.Equal(1, _handler.Runs);
        Assert.Equal(1, await _database.CountAsync($"SELECT count(*) FROM {Jobs} WHERE job_key = 'job:on-clock' AND dead_at IS NOT NULL"));
    }

    [Fact]
    public async Task A_dead_job_re_run_is_due_at_once_with_its_reason_kept_and_succeeds()
    {
        await ScheduleAsync("job:fixed-later", Start);
        _handler.Permanent = true;
        await StartAsync();
        await Eventually.HoldsAsync(() => DeadAsync("job:fixed-later"), "the job is dead");
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
        _workers.Signal.Pulse(); // a claim pass, the clock where it was: due now, no clock advance needed
        await Eventually.HoldsAsync(async () => await _database.CountAsync($"SELECT count(*) FROM {Jobs}") == 0, "the re-run job ran and completed");
        Assert.Equal(2, _handler.Runs);
        Assert.Equal(0, await _database.CountAsync($"SELECT count(*) FROM {Jobs}"));
    }

    [Fact]
    public async Task Scheduling_a_dead_job_again_brings_it_back_with_a_fresh_count()
    {
        await ScheduleAsync("job:again", Start);
        await StartAsync(maxFailures: 1);
        await Eventually.HoldsAsync(() => DeadAsync("job:again"), "the job is dead");
        Assert.Equal(1, await _database.CountAsync($"SELECT count(*) FROM {Jobs} WHERE dead_at IS NOT NULL"));

        await ScheduleAsync("job:again", Start.AddMinutes(1));
        Assert.Equal(1, await _database.CountAsync(
            $"SELECT count(*) FROM {Jobs} WHERE dead_at IS NULL AND attempts = 0 AND due_at = '{Start.AddMinutes(1):O}'"));
        _handler.Succeed = true;
        _workers.Advance(TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await _database.CountAsync($"SELECT count(*) FROM {Jobs}") == 0, "the job ran and completed");
    }

    private Task ScheduleAsync(string key, DateTimeOffset dueAt) =>
        _workers.WriteAsync((store, unit) => store.Schedule(unit, new NewDueJob(key, FailingHandler.JobKind, new { }, dueAt)));

    private async Task<bool> DeadAsync(string key) =>
        await _database.CountAsync($"SELECT count(*) FROM {Jobs} WHERE job_key = '{key}' AND dead_at IS NOT NULL") == 1;

    /// <summary>Its <paramref name="run"/>th run failed and that is written: it is no longer leased (2 minutes) but backing off (seconds), or dead.</summary>
    private async Task<bool> FailureRecordedAsync(string key, int run) => await _database.CountAsync($"""
        SELECT count(*) FROM {Jobs} WHERE job_key = '{key}' AND attempts = {run} AND last_error IS NOT NULL
          AND (dead_at IS NOT NULL OR due_at < '{_clock.GetUtcNow() + TimeSpan.FromMinutes(1):O}')
        """) == 1;

    private Task<DueJobWorker> StartAsync(int maxFailures = 50) =>
        _workers.StartAsync(new DueJobOptions { MaxConcurrency = 4, MaxFailures = maxFailures }, _handler);

    /// <summary>With a signal of its own: a re-run does not wake the worker, so the test sees the re-run job before it runs.</summary>
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

        public Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            if (Succeed) return Task.FromResult(DueJobOutcome.Completed);
            throw Permanent ? new PermanentJobFailure(PermanentReason) : new InvalidOperationException("transient");
        }
    }
}
