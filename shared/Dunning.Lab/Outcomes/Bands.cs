namespace Dunning.Lab.Outcomes;

/// <summary>Amount in major units of its currency: under 10, 10–50, 50–200, 200 and more.</summary>
public enum AmountBand { Under10, From10To50, From50To200, From200 }

/// <summary>Time since the first failure: under a day, 1–3 days, 3–7 days, 1–2 weeks, 2 weeks and more.</summary>
public enum ElapsedBand { UnderOneDay, OneToThreeDays, ThreeToSevenDays, OneToTwoWeeks, TwoWeeksOrMore }

/// <summary>The customer's local hour: night 0–6, morning 6–12, afternoon 12–18, evening 18–24.</summary>
public enum HourBand { Night, Morning, Afternoon, Evening }

/// <summary>The customer's local day of month, around the usual paydays: 1–3, 4–13, 14–16, 17–24, 25–31.</summary>
public enum DayOfMonthBand { MonthStart, Early, MidMonth, Late, MonthEnd }

/// <summary>The bands the outcome model counts in: coarse enough that a business's own history fills them.</summary>
public static class Bands
{
    /// <summary>Attempt numbers from this one on share a band ("5th attempt or later").</summary>
    public const int LastAttemptBand = 5;

    // Stripe's zero- and three-decimal currencies (Stripe docs, "Supported currencies"); every other has two decimals.
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.OrdinalIgnoreCase)
        { "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf" };
    private static readonly HashSet<string> ThreeDecimal = new(StringComparer.OrdinalIgnoreCase) { "bhd", "jod", "kwd", "omr", "tnd" };

    public static AmountBand Amount(long amountMinor, string currency)
    {
        var major = amountMinor / (ZeroDecimal.Contains(currency) ? 1m : ThreeDecimal.Contains(currency) ? 1000m : 100m);
        return major switch { < 10 => AmountBand.Under10, < 50 => AmountBand.From10To50, < 200 => AmountBand.From50To200, _ => AmountBand.From200 };
    }

    public static ElapsedBand Elapsed(TimeSpan sinceFirstFailure) => sinceFirstFailure.TotalDays switch
    {
        < 1 => ElapsedBand.UnderOneDay,
        < 3 => ElapsedBand.OneToThreeDays,
        < 7 => ElapsedBand.ThreeToSevenDays,
        < 14 => ElapsedBand.OneToTwoWeeks,
        _ => ElapsedBand.TwoWeeksOrMore,
    };

    public static HourBand Hour(int localHour) => (HourBand)(localHour / 6);

    public static DayOfMonthBand DayOfMonth(int day) => day switch
    {
        <= 3 => DayOfMonthBand.MonthStart,
        <= 13 => DayOfMonthBand.Early,
        <= 16 => DayOfMonthBand.MidMonth,
        <= 24 => DayOfMonthBand.Late,
        _ => DayOfMonthBand.MonthEnd,
    };

    public static int Attempt(int attemptNumber) => Math.Min(attemptNumber, LastAttemptBand);
}
