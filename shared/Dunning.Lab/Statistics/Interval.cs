namespace Dunning.Lab.Statistics;

/// <summary>A point estimate with the lower and upper limits of its confidence interval.</summary>
public readonly record struct Interval(double Estimate, double Lower, double Upper)
{
    public bool Contains(double value) => Lower <= value && value <= Upper;

    public double Width => Upper - Lower;
}
