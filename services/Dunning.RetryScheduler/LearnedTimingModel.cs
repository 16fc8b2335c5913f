using Dunning.Lab.Learning;
using Microsoft.Extensions.Options;

namespace Dunning.RetryScheduler;

/// <summary>
/// The learned model of <see cref="RetryPolicyOptions.LearnedModel"/>, loaded once, when a case is first planned (the start-up
/// checks that the file is there); null when none is configured.
/// </summary>
public sealed class LearnedTimingModel(IOptions<RetryPolicyOptions> policy)
{
    private readonly Lazy<LearnedTiming?> _timing = new(() => policy.Value.LearnedModel is { Length: > 0 } path
        ? new LearnedTiming(LearnedOutcomeModel.Load(path))
        : null);

    public LearnedTiming? Timing => _timing.Value;
}
