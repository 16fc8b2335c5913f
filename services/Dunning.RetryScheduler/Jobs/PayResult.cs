using Dunning.Contracts;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>What one pay call came to: paid, declined by the card, or no answer (try the same call again later).</summary>
public abstract record PayResult
{
    public sealed record Paid : PayResult;

    public sealed record Declined(DeclineDetails Decline) : PayResult;

    public sealed record Unavailable(string Why, DateTimeOffset RetryAt) : PayResult;
}
