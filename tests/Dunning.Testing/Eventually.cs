namespace Dunning.Testing;

/// <summary>Polls a condition until it holds or a deadline passes — the only way tests wait.</summary>
public static class Eventually
{
    public static Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) => HoldsAsync(condition, timeout, () => what);

    /// <summary>
    /// <paramref name="what"/> is written when the wait fails, not before it starts, so a message that shows the services' logs
    /// shows them as they were at the deadline.
    /// </summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#}s waiting until {what()}");
            await Task.Delay(50);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>Within <see cref="DefaultTimeout"/>.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, string what) => HoldsAsync(condition, DefaultTimeout, what);

    /// <summary>Within <see cref="DefaultTimeout"/>.</summary>
    public static Task HoldsAsync(Func<bool> condition, string what) => HoldsAsync(condition, DefaultTimeout, what);

    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(10);
}
