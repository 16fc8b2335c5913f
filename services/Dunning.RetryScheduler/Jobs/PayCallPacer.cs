using Dunning.Platform.Stripe;
using Microsoft.Extensions.Options;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>
/// Spaces the starts of pay calls at least 1/rate apart, rate = <see cref="RetryPolicyOptions.PayRateShare"/> ×
/// <see cref="StripeOptions.RequestsPerSecond"/>. The shared pipeline's token bucket lets up to twice the rate through
/// in a sliding second (a full bucket plus its refill), which Stripe answers with 429s; even spacing keeps every
/// one-second window under the limit. Slots are handed out in order, so no caller waits forever.
/// </summary>
public sealed class PayCallPacer(IOptions<StripeOptions> stripe, IOptions<RetryPolicyOptions> policy, TimeProvider clock)
{
    private readonly TimeSpan _spacing =
        TimeSpan.FromSeconds(1 / Math.Max(0.1, stripe.Value.RequestsPerSecond * Math.Clamp(policy.Value.PayRateShare, 0.01, 1)));
    private readonly Lock _gate = new();
    private DateTimeOffset _lastSlot = DateTimeOffset.MinValue;

    /// <summary>Waits for this call's slot.</summary>
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset slot;
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            slot = _lastSlot == DateTimeOffset.MinValue || now - _lastSlot >= _spacing ? now : _lastSlot + _spacing;
            _lastSlot = slot;
        }
        if (slot > now)
            await Task.Delay(slot - now, clock, cancellationToken);
    }
}
