namespace Dunning.Platform;

/// <summary>
/// An in-process wake-up call for a polling worker (the outbox relay, the due-job worker) when its transaction committed
/// work for it; polling still covers other processes, work that becomes due later, and missed pulses.
/// </summary>
public abstract class WakeUpSignal
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

    /// <summary>True on a pulse; false after <paramref name="timeout"/> on <paramref name="clock"/> or when cancelled (the caller's loop sees that).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero) return _semaphore.Wait(0);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pulse = _semaphore.WaitAsync(stop.Token);
        await Task.WhenAny(pulse, Task.Delay(timeout, clock, stop.Token));
        await stop.CancelAsync();
        try { await pulse; return true; } // a pulse taken while the delay ended still counts
        catch (OperationCanceledException) { return false; }
    }
}
