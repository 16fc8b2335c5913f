namespace Dunning.Platform.DueJobs;

/// <summary>
/// An in-process wake-up call for the <see cref="DueJobWorker"/> when a job due now was committed;
/// polling still covers other processes, jobs that become due later, and missed pulses.
/// </summary>
public sealed class DueJobSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Pulse()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try { _semaphore.Release(); }
            catch (SemaphoreFullException) { /* already pulsed */ }
        }
    }

    /// <summary>Returns on a pulse, after <paramref name="timeout"/> on <paramref name="clock"/>, or when cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(_semaphore.WaitAsync(stop.Token), Task.Delay(timeout, clock, stop.Token));
        await stop.CancelAsync();
    }
}
