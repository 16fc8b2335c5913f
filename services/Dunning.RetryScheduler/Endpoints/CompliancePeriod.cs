using System.Globalization;

namespace Dunning.RetryScheduler.Endpoints;

/// <summary>The period a compliance report covers, (<see cref="From"/>, <see cref="To"/>]: by default the 30 days up to now.</summary>
public sealed record CompliancePeriod(DateTimeOffset From, DateTimeOffset To)
{
    public static readonly TimeSpan Default = TimeSpan.FromDays(30);

    /// <summary>The longest period one report reads (with the longest rule period before it).</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    /// <summary>The period the query asks for (ISO 8601 times or UTC days), or why it cannot be read (a sentence for the caller).</summary>
    public static (CompliancePeriod? Period, string? Problem) Read(string? from, string? to, DateTimeOffset now)
    {
        if (!TryRead(to, now, out var end) || !TryRead(from, end - Default, out var start))
            return (null, $"from and to are ISO 8601 times or UTC days, e.g. ?from=2026-11-01&to=2026-12-01T12:00:00Z (got '{from}', '{to}').");
        if (start >= end || end - start > Longest)
            return (null, $"from must come before to, at most {Longest.TotalDays} days before it (got {start:u} to {end:u}).");
        return (new CompliancePeriod(start, end), null);
    }

    private static bool TryRead(string? text, DateTimeOffset absent, out DateTimeOffset value)
    {
        value = absent;
        return string.IsNullOrWhiteSpace(text)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }
}
