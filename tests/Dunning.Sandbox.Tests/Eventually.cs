namespace Dunning.Sandbox.Tests;

/// <summary>Polls a condition until it holds or a deadline passes (no fixed sleeps).</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, string what = "condition") =>
        TrueAsync(() => Task.FromResult(condition()), timeout, what);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string what = "condition")
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
