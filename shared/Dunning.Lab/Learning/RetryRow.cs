using Dunning.Lab.History;
using Dunning.Lab.Outcomes;

namespace Dunning.Lab.Learning;

/// <summary>
/// One retry as ML.NET reads it: the categorical features as text (one-hot encoded by the pipeline), the ordered ones as
/// numbers the trees split on (so "the 1st" or "08–10 h" is found without bands). Public with settable properties because
/// ML.NET maps the columns by reflection.
/// </summary>
public sealed class RetryRow
{
    /// <summary>Whether the retry succeeded (the label; ignored when predicting).</summary>
    public bool Label { get; set; }

    public string Category { get; set; } = "";

    /// <summary>Lower case; <see cref="OutcomeCell.UnknownBrand"/> when unknown, as in the outcome model.</summary>
    public string Brand { get; set; } = "";

    public string DayOfWeek { get; set; } = "";

    /// <summary><see cref="Bands.Amount"/> as its ordinal: the amount's band, currency-aware, not the raw minor units.</summary>
    public float AmountBand { get; set; }

    public float AttemptNumber { get; set; }

    public float ElapsedHours { get; set; }

    public float LocalHour { get; set; }

    public float DayOfMonth { get; set; }

    public static RetryRow Of(AttemptFeatures features, bool succeeded = false) => new()
    {
        Label = succeeded,
        Category = features.Category.ToString(),
        Brand = features.CardBrand?.ToLowerInvariant() ?? OutcomeCell.UnknownBrand,
        DayOfWeek = features.LocalDayOfWeek.ToString(),
        AmountBand = (float)Bands.Amount(features.AmountMinor, features.Currency),
        AttemptNumber = features.AttemptNumber,
        ElapsedHours = (float)features.SinceFirstFailure.TotalHours,
        LocalHour = features.LocalHour,
        DayOfMonth = features.LocalDayOfMonth,
    };
}

/// <summary>What the model says of a <see cref="RetryRow"/>: the calibrated probability of success.</summary>
public sealed class RetryScore
{
    public float Probability { get; set; }
}
