namespace Dunning.Metrics.Domain;

/// <summary>Ratios as reported: 6 decimal places, null when the denominator is zero.</summary>
public static class Rate
{
    public static decimal? Of(decimal numerator, decimal denominator) =>
        denominator == 0 ? null : Math.Round(numerator / denominator, 6, MidpointRounding.AwayFromZero);
}
