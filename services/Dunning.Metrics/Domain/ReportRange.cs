using System.Globalization;

namespace Dunning.Metrics.Domain;

/// <summary>A report's UTC days, <see cref="From"/> to <see cref="To"/> inclusive, and its one currency.</summary>
public sealed record ReportRange(DateOnly From, DateOnly To, string Currency)
{
    /// <summary>Longest range one request may ask for: ten years of daily rows, not millennia (one such request answered 540 MB).</summary>
    public const int MaxDays = 3_660;

    /// <summary>The whole calendar months inside the range, as [first day, first day after); empty when there is none.</summary>
    public (DateOnly From, DateOnly To) WholeMonths()
    {
        var first = From.Day == 1 ? From : new DateOnly(From.Year, From.Month, 1).AddMonths(1);
        var afterLast = new DateOnly(To.Year, To.Month, 1);
        if (To.AddDays(1).Day == 1) afterLast = afterLast.AddMonths(1);
        return first < afterLast ? (first, afterLast) : (first, first);
    }

    /// <summary>Parses the query; on failure returns null and a reason a person can act on.</summary>
    public static ReportRange? TryParse(string? from, string? to, string? currency, out string? error)
    {
        error = null;
        if (!TryParseDay(from, "from", out var start, ref error) || !TryParseDay(to, "to", out var end, ref error))
            return null;
        if (end < start)
        {
            error = $"'to' ({end:yyyy-MM-dd}) is before 'from' ({start:yyyy-MM-dd}).";
            return null;
        }
        if (end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            error = $"The range {start:yyyy-MM-dd} to {end:yyyy-MM-dd} is longer than {MaxDays:N0} days (about ten years); ask for a shorter one.";
            return null;
        }
        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetter))
        {
            error = "'currency' must be a 3-letter ISO code such as usd or eur; figures are never summed across currencies.";
            return null;
        }
        return new ReportRange(start, end, currency.ToLowerInvariant());
    }

    private static bool TryParseDay(string? value, string name, out DateOnly day, ref string? error)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            return true;
        error = $"'{name}' must be a UTC day as yyyy-MM-dd (got '{value}').";
        return false;
    }
}
