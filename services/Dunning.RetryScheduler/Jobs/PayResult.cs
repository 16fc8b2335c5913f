using Dunning.Contracts;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>What one pay call came to.</summary>
public abstract record PayResult
{
    public sealed record Paid : PayResult;

    /// <summary>The card declined, or the payment waits for the customer to authenticate (3-D Secure).</summary>
    public sealed record Declined(DeclineDetails Decline) : PayResult;

    /// <summary>
    /// No usable answer: try again later. <paramref name="AnswerSaved"/>: Stripe answered 5xx, which it saved under the
    /// idempotency key, so the same key would only replay it.
    /// </summary>
    public sealed record Unavailable(string Why, DateTimeOffset RetryAt, bool AnswerSaved = false) : PayResult;

    /// <summary>Stripe refused the request itself (a 4xx that is not a card error): repeating it cannot help.</summary>
    public sealed record Refused(string Code, string Message) : PayResult;
}
