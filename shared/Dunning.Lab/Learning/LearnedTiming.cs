using Dunning.Lab.History;

namespace Dunning.Lab.Learning;

/// <summary>
/// The learned timing policy's one decision: when, inside what the policy and the network rules allow, to make the next
/// retry. It scores every candidate slot (<see cref="Candidates"/>) that the caller's predicate allows with the learned
/// model, discounts each by its delay, and takes the best (the earliest of equals).
/// It does not know the rules itself: the caller, the backtest or the scheduler, computes the window from its policy and
/// passes the rest (quiet hours, network budgets, advised waits) as the predicate, so there is one source of the rules and
/// this class cannot plan around them. Shared/Dunning.Lab must not reference the scheduler, which will reference it.
/// </summary>
public sealed class LearnedTiming(LearnedOutcomeModel model, LearnedTimingOptions? options = null)
{
    private readonly LearnedTimingOptions _options = Checked(options ?? LearnedTimingOptions.Default);

    /// <summary>
    /// The best allowed slot in [<paramref name="earliest"/>, <paramref name="latest"/>] (and within the horizon); null when
    /// <paramref name="allowed"/> refuses every candidate or the window is empty.
    /// </summary>
    public TimingChoice? Choose(RetryState state, DateTimeOffset earliest, DateTimeOffset latest, Func<DateTimeOffset, bool> allowed)
    {
        var slots = Candidates(earliest, latest, _options).Where(allowed).ToList();
        if (slots.Count == 0) return null;
        var probabilities = model.Probabilities([.. slots.Select(state.At)]);
        TimingChoice? best = null;
        for (var i = 0; i < slots.Count; i++)
        {
            var days = (slots[i] - earliest).TotalDays;
            var value = probabilities[i] * Math.Pow(1 - _options.DelayCostPerDay, days);
            if (best is null || value > best.Value)
                best = new TimingChoice(slots[i], probabilities[i], value);
        }
        return best;
    }

    /// <summary>
    /// <paramref name="earliest"/>, then each whole <see cref="LearnedTimingOptions.Step"/> after it, up to the horizon or
    /// <paramref name="latest"/>, whichever comes first. None when <paramref name="latest"/> is before <paramref name="earliest"/>.
    /// </summary>
    internal static IEnumerable<DateTimeOffset> Candidates(DateTimeOffset earliest, DateTimeOffset latest, LearnedTimingOptions options)
    {
        if (latest < earliest) yield break;
        var end = latest - earliest < options.Horizon ? latest : earliest + options.Horizon;
        yield return earliest;
        var step = options.Step.Ticks;
        for (var ticks = (earliest.UtcTicks / step + 1) * step; ticks <= end.UtcTicks; ticks += step)
            yield return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private static LearnedTimingOptions Checked(LearnedTimingOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Step, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Horizon, TimeSpan.Zero, nameof(options));
        if (options.DelayCostPerDay is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(options), "The delay cost per day is a share in [0, 1)");
        return options;
    }
}
