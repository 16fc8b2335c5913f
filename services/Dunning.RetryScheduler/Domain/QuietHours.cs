namespace Dunning.RetryScheduler.Domain;

/// <summary>The customer's local night, when no attempt is made; and the start of their day.</summary>
public sealed record QuietHours(TimeSpan Start, TimeSpan End, TimeZoneInfo Zone)
{
    public static QuietHours For(RetryPolicyOptions policy, string? timeZone) =>
        new(policy.QuietHoursStart, policy.QuietHoursEnd, FindZone(timeZone ?? policy.DefaultTimeZone) ?? FindZone(policy.DefaultTimeZone) ?? TimeZoneInfo.Utc);

    public bool Contains(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone).TimeOfDay;
        return Start <= End ? local >= Start && local < End : local >= Start || local < End;
    }

    /// <summary>Within the first <see cref="StartOfDayLength"/> after the night ends.</summary>
    public bool IsStartOfDay(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone).TimeOfDay;
        var end = End + StartOfDayLength;
        return local >= End && (end < TimeSpan.FromDays(1) ? local < end : true);
    }

    public static TimeSpan StartOfDayLength { get; } = TimeSpan.FromHours(3);

    /// <summary><paramref name="at"/> if it is outside the night, else the night's end (the start of the customer's day).</summary>
    public DateTimeOffset FirstAllowed(DateTimeOffset at) => Contains(at) ? NextDayStart(at) : at;

    /// <summary><paramref name="at"/> if it is outside the night, else the last moment before that night began.</summary>
    public DateTimeOffset LastAllowed(DateTimeOffset at)
    {
        if (!Contains(at)) return at;
        var local = TimeZoneInfo.ConvertTime(at, Zone);
        var nightBegan = local.TimeOfDay >= Start ? local.Date : local.Date.AddDays(-1);
        return ToInstant(nightBegan + Start).AddSeconds(-1);
    }

    /// <summary>The first start of the customer's day (<see cref="End"/>, local) at or after <paramref name="at"/>.</summary>
    public DateTimeOffset NextDayStart(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone);
        for (var day = 0; day <= 2; day++)
        {
            var wall = local.Date.AddDays(day) + End;
            var candidate = ToInstant(wall);
            if (candidate >= at) return candidate;
        }
        throw new InvalidOperationException("unreachable: a day start exists within two days");
    }

    private DateTimeOffset ToInstant(DateTime wall)
    {
        while (Zone.IsInvalidTime(wall)) wall = wall.AddMinutes(30); // skipped by a DST jump: take the first valid time
        return new DateTimeOffset(wall, Zone.GetUtcOffset(wall));
    }

    private static TimeZoneInfo? FindZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
