using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Platform.Tests.DueJobs;

/// <summary>
/// Due-job workers run as the host runs them (started and stopped as hosted services) on a fake clock, and the store and units
/// of work that schedule their jobs and wake them, as production's do. A worker claims once when it starts, then only when woken:
/// by a commit that left a job due now, by <see cref="Advance"/>, or by <see cref="Signal"/>; <see cref="ClaimPassAsync"/> proves
/// a claim pass ran after a change.
/// </summary>
internal sealed class HostedWorkers(TestDatabase database, FakeTimeProvider clock) : IAsyncDisposable
{
    private readonly List<DueJobWorker> _running = [];

    /// <summary>The signal the workers wait on, shared with <see cref="Store"/>.</summary>
    public DueJobSignal Signal { get; } = new();

    public DueJobStore Store => new(PlatformHost.Database, Signal, clock);

    public UnitsOfWork Units { get; } = PlatformHost.StandaloneUnitsOfWork(database);

    /// <summary>What the workers logged.</summary>
    public RecordingLogger<DueJobWorker> Log { get; } = new();

    /// <summary>Starts a worker running <paramref name="handlers"/> (and sentinels) as the host starts it.</summary>
    public async Task<DueJobWorker> StartAsync(DueJobOptions options, params IDueJobHandler[] handlers)
    {
        IDueJobHandler[] all = [.. handlers, new SentinelJob()];
        // Not disposed: a disposed gauge's meter ends the metric stream that every gauge of this name shares in an OpenTelemetry
        // listener of this process (DeadJobApiTests' host scrapes it).
        var gauge = new DeadJobGauge(database.DataSource, PlatformHost.Database, all, clock, Options.Create(options), NullLogger<DeadJobGauge>.Instance);
        var worker = new DueJobWorker(database.DataSource, PlatformHost.Database, all, clock, Options.Create(options), Log, Signal, gauge);
        // The wake-ups that commits left before it ran were for no one: it sees their jobs in its first pass, then sleeps until woken.
        await Signal.WaitAsync(TimeSpan.Zero, clock, CancellationToken.None);
        await worker.StartAsync(CancellationToken.None);
        _running.Add(worker);
        return worker;
    }

    /// <summary>Stops <paramref name="worker"/> as the host does (its jobs in flight are cancelled) and checks that it stopped.</summary>
    public async Task StopAsync(DueJobWorker worker)
    {
        _running.Remove(worker);
        using var patience = new CancellationTokenSource(Eventually.DefaultTimeout);
        await worker.StopAsync(patience.Token);
        Assert.True(worker.ExecuteTask?.IsCompleted, "the worker stopped");
    }

    /// <summary>Runs <paramref name="write"/> in a unit of work of its own and waits until it committed.</summary>
    public Task WriteAsync(Action<DueJobStore, UnitOfWork> write) => Units.RunAsync((unit, _) =>
    {
        write(Store, unit);
        return Task.FromResult(true);
    }, CancellationToken.None);

    public Task<T> ReadAsync<T>(Func<DueJobStore, UnitOfWork, CancellationToken, Task<T>> read) =>
        Units.RunAsync((unit, cancellationToken) => read(Store, unit, cancellationToken), CancellationToken.None);

    /// <summary>Waits until a claim pass that began after this call has run (<see cref="SentinelJob"/>).</summary>
    public Task ClaimPassAsync() => SentinelJob.RunAsync(Units, Store, database, clock.GetUtcNow());

    /// <summary>
    /// Moves the clock on. A waiting worker wakes when its poll interval passes on the clock; the pulse wakes one that was between
    /// passes (its wait began after the clock moved).
    /// </summary>
    public void Advance(TimeSpan by)
    {
        clock.Advance(by);
        Signal.Pulse();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _running.ToList())
            await StopAsync(worker);
        await Units.DisposeAsync();
    }
}
