using Dunning.Lab.Learning;
using Microsoft.Extensions.Options;

namespace Dunning.RetryScheduler;

/// <summary>
/// The learned model of <see cref="RetryPolicyOptions.LearnedModel"/>, loaded once, when a case is first planned (the start-up
/// checks that it loads, <see cref="Loads"/>); null when none is configured.
/// </summary>
public sealed class LearnedTimingModel(IOptions<RetryPolicyOptions> policy)
{
    private readonly Lazy<LearnedTiming?> _timing = new(() => policy.Value.LearnedModel is { Length: > 0 } path
        ? new LearnedTiming(LearnedOutcomeModel.Load(path))
        : null);

    public LearnedTiming? Timing => _timing.Value;

    /// <summary>Whether <paramref name="path"/> is a model ML.NET can load (the start-up's check: a bad file stops it with the reason).</summary>
    public static bool Loads(string path)
    {
        try
        {
            using var model = LearnedOutcomeModel.Load(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException
            or InvalidDataException or ArgumentException)
        {
            return false;
        }
    }
}
