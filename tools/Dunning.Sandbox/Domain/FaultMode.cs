namespace Dunning.Sandbox.Domain;

/// <summary>
/// A fault the /v1 API plays on demand: status429 (with Retry-After), status500, slow (delayMs, before the request runs),
/// hang (no answer until the fault ends or the client gives up), lateAnswer (the request runs, its answer comes delayMs later:
/// Stripe charged, the client timed out), none.
/// </summary>
public sealed class FaultMode(TimeProvider time)
{
    private readonly Lock _gate = new();
    private FaultSetting _current = FaultSetting.None;

    public FaultSetting Current
    {
        get
        {
            lock (_gate)
            {
                if (_current.Until is { } until && time.GetUtcNow() >= until) _current = FaultSetting.None;
                return _current;
            }
        }
    }

    public FaultSetting Set(string mode, int? durationSeconds, int? delayMs)
    {
        var until = durationSeconds is > 0 ? time.GetUtcNow().AddSeconds(durationSeconds.Value) : (DateTimeOffset?)null;
        var setting = new FaultSetting(mode, until, delayMs ?? 5000);
        lock (_gate) _current = setting;
        return setting;
    }
}

public sealed record FaultSetting(string Mode, DateTimeOffset? Until, int DelayMs)
{
    public static readonly FaultSetting None = new("none", null, 0);

    public static readonly IReadOnlyList<string> Modes = ["none", "status429", "status500", "slow", "hang", "lateAnswer"];
}
