using Dunning.Lab.History;

namespace Dunning.Lab.Outcomes;

/// <summary>
/// A cell of the outcome model. Its dimensions are ordered from the strongest expected effect on a retry's success to the
/// weakest (<see cref="Dimensions"/>); a cell at <see cref="Depth"/> d fixes the first d of them and pools the rest, so its
/// parent (depth d − 1) pools its weakest fixed dimension. Depth 0 is every retry; depth 7 a full cell.
/// </summary>
public readonly record struct OutcomeCell(
    DeclineCategory? Category = null,
    int? Attempt = null,
    ElapsedBand? Elapsed = null,
    DayOfMonthBand? DayOfMonth = null,
    HourBand? LocalHour = null,
    string? Brand = null,
    AmountBand? Amount = null)
{
    public const int Dimensions = 7;

    /// <summary>A brand-less card counts as brand "unknown", so that a full cell fixes every dimension.</summary>
    public const string UnknownBrand = "unknown";

    public static OutcomeCell Of(AttemptFeatures f) => new(
        f.Category,
        Bands.Attempt(f.AttemptNumber),
        Bands.Elapsed(f.SinceFirstFailure),
        Bands.DayOfMonth(f.LocalDayOfMonth),
        Bands.Hour(f.LocalHour),
        f.CardBrand?.ToLowerInvariant() ?? UnknownBrand,
        Bands.Amount(f.AmountMinor, f.Currency));

    /// <summary>How many leading dimensions are fixed.</summary>
    public int Depth =>
        Amount is not null ? 7 : Brand is not null ? 6 : LocalHour is not null ? 5 : DayOfMonth is not null ? 4
        : Elapsed is not null ? 3 : Attempt is not null ? 2 : Category is not null ? 1 : 0;

    /// <summary>This cell with only its first <paramref name="depth"/> dimensions fixed.</summary>
    public OutcomeCell Coarsen(int depth) => new(
        depth >= 1 ? Category : null,
        depth >= 2 ? Attempt : null,
        depth >= 3 ? Elapsed : null,
        depth >= 4 ? DayOfMonth : null,
        depth >= 5 ? LocalHour : null,
        depth >= 6 ? Brand : null,
        depth >= 7 ? Amount : null);

    /// <summary>The next coarser cell; null for the root.</summary>
    public OutcomeCell? Parent => Depth == 0 ? null : Coarsen(Depth - 1);
}
