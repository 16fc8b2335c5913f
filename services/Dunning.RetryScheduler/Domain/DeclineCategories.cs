using Dunning.Contracts;
using Dunning.Lab.History;

namespace Dunning.RetryScheduler.Domain;

/// <summary>A decline's <see cref="DeclineCategory"/>: what the scheduler's policy table (<see cref="DeclineRules"/>) would do with it.</summary>
public static class DeclineCategories
{
    public static DeclineCategory Of(DeclineDetails decline) => DeclineRules.Match(decline).Action switch
    {
        { IsHard: true } => DeclineCategory.Hard,
        { Kind: DeclineActionKind.RetryAfter } => DeclineCategory.AdvisedWait,
        { AtStartOfDay: true } => DeclineCategory.InsufficientFunds,
        _ => DeclineCategory.Soft,
    };
}
