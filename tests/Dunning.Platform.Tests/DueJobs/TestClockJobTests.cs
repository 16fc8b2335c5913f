using System.Collections.Concurrent;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
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

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        PlatformHost.Migrate(_database);
    }

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task A_job_on_a_clock_runs_when_the_clock_reaches_it_not_when_wall_time_does()
    {
        await InTransactionAsync(store => store.AdvanceClockAsync(Tx, "clock_a", ClockStart));
        await InTransactionAsync(store => store.ScheduleAsync(Tx, "job:a", Handler.JobKind, new { }, ClockStart.AddDays(1), clockId: "clock_a"));
        var worker = Worker();

        _wall.Advance(TimeSpan.FromDays(40)); // wall time passes the job's time: nothing, the clock has not moved
        Assert.Equal(0, await worker.RunDueJobsAsync(CancellationToken.None));

        await InTransactionAsync(store => store.AdvanceClockAsync(Tx, "clock_a", ClockStart.AddHours(23)));
        Assert.Equal(0, await worker.RunDueJobsAsync(CancellationToken.None));

        await InTransactionAsync(store => store.AdvanceClockAsync(Tx, "clock_a", ClockStart.AddDays(1)));
        await worker.RunDueJobsAsync(CancellationToken.None);
        Assert.Equal(["job:a"], _handler.Runs);
    }

    [Fact]
    public async Task A_job_due_by_its_clocks_time_already_runs_at_once_and_runs_again_on_the_clock()
    {
        await InTransactionAsync(store => store.AdvanceClockAsync(Tx, "clock_b", ClockStart));
        _handler.RunAgainAfter = TimeSpan.FromDays(2);
        await InTransactionAsync(store => store.ScheduleAsync(Tx, "job:b", Handler.JobKind, new { }, ClockStart.AddMinutes(-5), clockId: "clock_b"));
        var worker = Worker();

        await worker.RunDueJobsAsync(CancellationToken.None);
        Assert.Equal(["job:b"], _handler.Runs);
        Assert.Equal(ClockStart.AddMinutes(-5).AddDays(2), await ClockDueAtAsync("job:b")); // its next run, in the clock's time

        _wall.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await worker.RunDueJobsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Two_clocks_at_different_times_run_side_by_side_and_a_clock_never_goes_back()
    {
        await InTransactionAsync(store => store.AdvanceClockAsync(Tx, "clock_early", Wall.AddDays(-10)));
        await InTransactionAsync(store => store.AdvanceClockAsync(Tx, "clock_late", Wall.AddDays(10)));
        await InTransactionAsync(store => store.ScheduleAsync(Tx, "job:early", Handler.JobKind, new { }, Wall.AddDays(-9), clockId: "clock_early"));
        await InTransactionAsync(store => store.ScheduleAsync(Tx, "job:late", Handler.JobKind, new { }, Wall.AddDays(11), clockId: "clock_late"));
        var worker = Worker();

        await InTransactionAsync(store => store.AdvanceClockAsync(Tx, "clock_early", Wall.AddDays(-9)));
        await worker.RunDueJobsAsync(CancellationToken.None);
        Assert.Equal(["job:early"], _handler.Runs);

        await InTransactionAsync(store => store.AdvanceClockAsync(Tx, "clock_late", Wall.AddDays(5))); // older news: ignored
        await InTransactionAsync(async store => Assert.Equal(Wall.AddDays(10), await store.ClockTimeAsync(Tx, "clock_late")));
        await InTransactionAsync(store => store.AdvanceClockAsync(Tx, "clock_late", Wall.AddDays(11)));
        await worker.RunDueJobsAsync(CancellationToken.None);
        Assert.Equal(["job:early", "job:late"], _handler.Runs.Order());
    }

    [Fact]
    public async Task A_clock_step_leaves_a_job_on_the_clock_that_is_backing_off_after_a_failure_alone()
    {
        await InTransactionAsync(store => store.AdvanceClockAsync(Tx, "clock_c", ClockStart));
        await InTransactionAsync(store => store.ScheduleAsync(Tx, "job:c", Handler.JobKind, new { }, ClockStart, clockId: "clock_c"));
        _handler.FailAll = true;
        var worker = Worker();
        await worker.RunDueJobsAsync(CancellationToken.None); // fails: backs off in wall time

        await InTransactionAsync(store => store.AdvanceClockAsync(Tx, "clock_c", ClockStart.AddDays(1)));

        Assert.Equal(0, await worker.RunDueJobsAsync(CancellationToken.None)); // still backing off, not handed out again
        _wall.Advance(TimeSpan.FromMinutes(1));
        _handler.FailAll = false;
        await worker.RunDueJobsAsync(CancellationToken.None);
        Assert.Equal(["job:c", "job:c"], _handler.Runs);
    }

    [Fact]
    public async Task A_job_on_wall_time_is_unchanged()
    {
        await InTransactionAsync(store => store.ScheduleAsync(Tx, "job:wall", Handler.JobKind, new { }, Wall.AddHours(1)));
        var worker = Worker();
        Assert.Equal(0, await worker.RunDueJobsAsync(CancellationToken.None));

        _wall.Advance(TimeSpan.FromHours(1));
        await worker.RunDueJobsAsync(CancellationToken.None);
        Assert.Equal(["job:wall"], _handler.Runs);
    }

    private NpgsqlTransaction Tx { get; set; } = null!;

    private async Task InTransactionAsync(Func<DueJobStore, Task> work)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Tx = transaction;
        await work(new DueJobStore(PlatformHost.Database, null, _wall));
        await transaction.CommitAsync();
    }

    private async Task<DateTimeOffset?> ClockDueAtAsync(string key)
    {
        await using var command = _database.DataSource.CreateCommand($"SELECT clock_due_at FROM {PlatformHost.Schema}.due_jobs WHERE job_key = @key");
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync() is DateTime time ? new DateTimeOffset(time, TimeSpan.Zero) : null;
    }

    private DueJobWorker Worker() => new(_database.DataSource, PlatformHost.Database, [_handler], _wall,
        Options.Create(new DueJobOptions { BatchSize = 100, MaxConcurrency = 2 }), NullLogger<DueJobWorker>.Instance);

    private sealed class Handler : IDueJobHandler
    {
        public const string JobKind = "clock-test";
        public ConcurrentQueue<string> Runs { get; } = [];
        public TimeSpan? RunAgainAfter { get; set; }
        public bool FailAll { get; set; }
        public string Kind => JobKind;

        public Task<DueJobOutcome> HandleAsync(DueJob job, NpgsqlTransaction transaction, CancellationToken cancellationToken)
        {
            Runs.Enqueue(job.Key);
            if (FailAll) throw new InvalidOperationException("SMTP is down");
            // A handler on a clock plans in the clock's time: its due time plus the wait.
            return Task.FromResult(RunAgainAfter is { } wait && Runs.Count == 1 ? DueJobOutcome.RunAgain(ClockStart.AddMinutes(-5) + wait) : DueJobOutcome.Completed);
        }
    }
}
