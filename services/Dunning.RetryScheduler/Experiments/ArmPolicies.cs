using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Dunning.RetryScheduler.Experiments;

/// <summary>
/// The retry policy a case plans with: the configured one, or for a case in an experiment arm the configured one with the arm's
/// settings applied. Remembered per arm (arms never change) until the configuration does, so loading a case binds nothing.
/// </summary>
public sealed class ArmPolicies(IOptionsMonitor<RetryPolicyOptions> configured)
{
    private readonly ConcurrentDictionary<(Guid, string), (RetryPolicyOptions Configured, RetryPolicyOptions Applied)> _applied = new();

    public RetryPolicyOptions Configured => configured.CurrentValue;

    public RetryPolicyOptions For(CaseArm? arm)
    {
        var current = configured.CurrentValue;
        if (arm is null)
            return current;
        var key = (arm.ExperimentId, arm.Arm);
        if (_applied.TryGetValue(key, out var known) && ReferenceEquals(known.Configured, current))
            return known.Applied;
        var applied = arm.Policy.ApplyTo(current);
        _applied[key] = (current, applied);
        return applied;
    }
}
