using System.Collections.Concurrent;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Dunning.Platform.Tests.DueJobs;

/// <summary>Due jobs on a Stripe test clock run when the clock reaches their time, never by wall time; clocks run side by side.</summary>
public sealed class TestClockJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Wall = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ClockStart = Wall.AddDays(30); // a clock advanced a month ahead of wall time
    private readonly FakeTimeProvider _wall = new(Wall);
    private readonly Handler _handler = new();
    private TestDatabase _database = null!;
    private HostedWorkers _workers = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        PlatformHost.Migrate(_database);
        _workers = new HostedWorkers(_database, _wall);
    }

    public async Task DisposeAsync()
    {
        await _workers.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_job_on_a_clock_runs_when_the_clock_reaches_it_not_when_wall_time_does()
    {
        await _workers.WriteAsync((store, unit) => store.AdvanceClock(unit, "clock_a", ClockStart));
        await _workers.WriteAsync((store, unit) => store.Schedule(unit, Job("job:a", ClockStart.AddDays(1), "clock_a")));
        await StartAsync();

        _workers.Advance(TimeSpan.FromDays(40)); // wall time passes the job's time: nothing, the clock has not moved
        await _workers.ClaimPassAsync();
        Assert.Empty(_handler.Runs);

        await _workers.WriteAsync((store, unit) => store.AdvanceClock(unit, "clock_a", ClockStart.AddHours(23)));
        await _workers.ClaimPassAsync();
        Assert.Empty(_handler.Runs);
        Assert.Equal(1, await CountAsync("job_key = 'job:a' AND attempts = 0")); // never claimed

        await _workers.WriteAsync((store, unit) => store.AdvanceClock(unit, "clock_a", ClockStart.AddDays(1)));
        await Eventually.HoldsAsync(() => !_handler.Runs.IsEmpty, "the job ran");
        Assert.Equal(["job:a"], _handler.Runs);
    }

    [Fact]
    public async Task A_job_due_by_its_clocks_time_already_runs_at_once_and_runs_again_on_the_clock()
    {
        await _workers.WriteAsync((store, unit) => store.AdvanceClock(unit, "clock_b", ClockStart));
        _handler.RunAgainAfter = TimeSpan.FromDays(2);
        await StartAsync(); // before the job is scheduled: its commit wakes the worker, the clock stands still

        await _workers.WriteAsync((store, unit) => store.Schedule(unit, Job("job:b", ClockStart.AddMinutes(-5), "clock_b")));
        var next = ClockStart.AddMinutes(-5).AddDays(2);
        await Eventually.HoldsAsync(async () => await CountAsync($"job_key = 'job:b' AND attempts = 0 AND clock_due_at = '{next:O}'") == 1,
            "the job ran and is planned again");
        Assert.Equal(["job:b"], _handler.Runs);
        Assert.Equal(next, await ClockDueAtAsync("job:b")); // its next run, in the clock's time

        _workers.Advance(TimeSpan.FromDays(3));
        await _workers.ClaimPassAsync();
        Assert.Equal(["job:b"], _handler.Runs);
        Assert.Equal(1, await CountAsync("job_key = 'job:b' AND attempts = 0")); // not claimed again
    }

    [Fact]
    public async Task Two_clocks_at_different_times_run_side_by_side_and_a_clock_never_goes_back()
    {
        await _workers.WriteAsync((store, unit) => store.AdvanceClock(unit, "clock_early", Wall.AddDays(-10)));
        await _workers.WriteAsync((store, unit) => store.AdvanceClock(unit, "clock_late", Wall.AddDays(10)));
        await _workers.WriteAsync((store, unit) => store.Schedule(unit, Job("job:early", Wall.AddDays(-9), "clock_early")));
        await _workers.WriteAsync((store, unit) => store.Schedule(unit, Job("job:late", Wall.AddDays(11), "clock_late")));
        await StartAsync();

        await _workers.WriteAsync((store, unit) => store.AdvanceClock(unit, "clock_early", Wall.AddDays(-9)));
        await Eventually.HoldsAsync(async () => await CountAsync("job_key = 'job:early'") == 0, "job:early ran and completed");
        Assert.Equal(["job:early"], _handler.Runs);
        Assert.Equal(1, await CountAsync("job_key = 'job:late' AND attempts = 0")); // never claimed

        await _workers.WriteAsync((store, unit) => store.AdvanceClock(unit, "clock_late", Wall.AddDays(5))); // older news: ignored
        Assert.Equal(Wall.AddDays(10), await _workers.ReadAsync((store, unit, token) => store.ClockTimeAsync(unit, "clock_late", token)));
        await _workers.WriteAsync((store, unit) => store.AdvanceClock(unit, "clock_late", Wall.AddDays(11)));
        await Eventually.HoldsAsync(() => _handler.Runs.Count == 2, "job:late ran");
        Assert.Equal(["job:early", "job:late"], _handler.Runs.Order());
    }

    [Fact]
    public async Task A_clock_step_leaves_a_job_on_the_clock_that_is_backing_off_after_a_failure_alone()
    {
        await _workers.WriteAsync((store, unit) => store.AdvanceClock(unit, "clock_c", ClockStart));
        await _workers.WriteAsync((store, unit) => store.Schedule(unit, Job("job:c", ClockStart, "clock_c")));
        _handler.FailAll = true;
        await StartAsync(); // fails: backs off in wall time
        await Eventually.HoldsAsync(async () => await CountAsync("job_key = 'job:c' AND attempts = 1 AND last_error IS NOT NULL") == 1,
            "the failure is recorded");

        await _workers.WriteAsync((store, unit) => store.AdvanceClock(unit, "clock_c", ClockStart.AddDays(1)));

        await _workers.ClaimPassAsync();
        Assert.Equal(1, await CountAsync("job_key = 'job:c' AND attempts = 1")); // still backing off, not handed out again
        Assert.Equal(["job:c"], _handler.Runs);
        _handler.FailAll = false; // before the clock moves: that wakes the worker
        _workers.Advance(TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(() => _handler.Runs.Count == 2, "the job ran again");
        Assert.Equal(["job:c", "job:c"], _handler.Runs);
    }

    [Fact]
    public async Task A_job_on_wall_time_is_unchanged()
    {
        await _workers.WriteAsync((store, unit) => store.Schedule(unit, Job("job:wall", Wall.AddHours(1))));
        await StartAsync();
        await _workers.ClaimPassAsync();
        Assert.Empty(_handler.Runs);
        Assert.Equal(1, await CountAsync("job_key = 'job:wall' AND attempts = 0")); // never claimed

        _workers.Advance(TimeSpan.FromHours(1));
        await Eventually.HoldsAsync(() => !_handler.Runs.IsEmpty, "the job ran");
        Assert.Equal(["job:wall"], _handler.Runs);
    }

    private static NewDueJob Job(string key, DateTimeOffset dueAt, string? clockId = null) => new(key, Handler.JobKind, new { }, dueAt, clockId);

    private Task<long> CountAsync(string where) => _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.due_jobs WHERE {where}");

    private async Task<DateTimeOffset?> ClockDueAtAsync(string key)
    {
        await using var command = _database.DataSource.CreateCommand($"SELECT clock_due_at FROM {PlatformHost.Schema}.due_jobs WHERE job_key = @key");
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync() is DateTime time ? new DateTimeOffset(time, TimeSpan.Zero) : null;
    }

    private Task<DueJobWorker> StartAsync() => _workers.StartAsync(new DueJobOptions { BatchSize = 100, MaxConcurrency = 4 }, _handler);

    private sealed class Handler : IDueJobHandler
    {
        public const string JobKind = "clock-test";
        public ConcurrentQueue<string> Runs { get; } = [];
        public TimeSpan? RunAgainAfter { get; set; }
        public bool FailAll { get; set; }
        public string Kind => JobKind;

        public Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
        {
            Runs.Enqueue(job.Key);
            if (FailAll) throw new InvalidOperationException("SMTP is down");
            // A handler on a clock plans in the clock's time: its due time plus the wait.
            return Task.FromResult(RunAgainAfter is { } wait && Runs.Count == 1
                ? DueJobOutcome.RunAgain(ClockStart.AddMinutes(-5) + wait)
                : DueJobOutcome.Completed);
        }
    }
}
