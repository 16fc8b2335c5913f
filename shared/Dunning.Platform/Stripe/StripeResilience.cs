using System.Net;
using System.Threading.RateLimiting;
using global::Stripe;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace Dunning.Platform.Stripe;

/// <summary>
/// The one Polly v8 pipeline around every Stripe call, outermost first: retry with exponential backoff + jitter
/// on network errors, 5xx, 409 and 429 (honouring Retry-After); a circuit breaker; a rate limiter that spaces
/// attempts evenly at the configured request rate; a per-attempt timeout.
/// </summary>
public static class StripeResilience
{
    public const string PipelineName = "stripe";

    /// <param name="breaker">Told when the circuit opens, half-opens and closes (the Prometheus figures); null: nobody is.</param>
    public static ResiliencePipeline Build(StripeOptions options, TimeProvider clock, StripeBreakerState? breaker = null) =>
        new ResiliencePipelineBuilder { TimeProvider = clock }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(30),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception, clock)),
        })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            FailureRatio = options.BreakerFailureRatio,
            SamplingDuration = options.BreakerWindow,
            MinimumThroughput = options.BreakerMinimumThroughput,
            BreakDuration = options.BreakerBreakDuration,
            OnOpened = _ => Tell(breaker, b => b.Open()),
            OnHalfOpened = _ => Tell(breaker, b => b.HalfOpen()),
            OnClosed = _ => Tell(breaker, b => b.Close()),
        })
        // Inside the retry, so retries are paced too.
        .AddRateLimiter(new TokenBucketRateLimiter(Pacing(options.RequestsPerSecond)))
        .AddTimeout(options.RequestTimeout)
        .Build();

    /// <summary>
    /// Calls evenly spaced at <paramref name="requestsPerSecond"/>: a small bucket refilled every <see cref="MinReplenishment"/> or
    /// more, so no one-second window holds more than the rate plus two buckets: the one it started with, and one refill the timer's
    /// jitter can add. A refill per call is not possible (timers fire too rarely; why and the figures: ADR 010).
    /// </summary>
    public static TokenBucketRateLimiterOptions Pacing(double requestsPerSecond)
    {
        var rate = Math.Max(0.1, requestsPerSecond);
        var tokens = Math.Max(1, (int)Math.Ceiling(rate * MinReplenishment.TotalSeconds));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokens / rate),
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };
    }

    private static ValueTask Tell(StripeBreakerState? breaker, Action<StripeBreakerState> change)
    {
        if (breaker is not null) change(breaker);
        return ValueTask.CompletedTask;
    }

    private static readonly TimeSpan MinReplenishment = TimeSpan.FromMilliseconds(10);

    /// <summary>Worth retrying: the network, a timeout, Stripe overloaded (429), in conflict (409) or failing (5xx).</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        StripeException { HttpStatusCode: var status } =>
            status is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict || (int)status >= 500 || status == 0,
        HttpRequestException or TimeoutRejectedException or TaskCanceledException => true,
        _ => false,
    };

    /// <summary>
    /// Stripe cannot answer now (a transient error, the circuit open, the rate limiter full): ask the same again later. Every
    /// other exception is an answer, or a bug.
    /// </summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is BrokenCircuitException or RateLimiterRejectedException || IsTransient(exception);

    /// <summary>
    /// Stripe refused the request itself and would refuse it again: a 400 or 404 that is not a card error (a card error is a
    /// decline, which dunning acts on). 401/403 are left out: a wrong key is this service's setting, not the request's fault.
    /// </summary>
    public static bool IsPermanentRefusal(Exception exception) =>
        exception is StripeException { HttpStatusCode: HttpStatusCode.BadRequest or HttpStatusCode.NotFound } refused
        && refused.StripeError?.Type != "card_error";

    /// <summary>Stripe's Retry-After header on a 429, when present; otherwise null (the backoff decides).</summary>
    private static TimeSpan? RetryAfter(Exception? exception, TimeProvider clock) =>
        exception is StripeException { StripeResponse.Headers.RetryAfter: { } retryAfter }
            ? retryAfter.Delta ?? (retryAfter.Date - clock.GetUtcNow())
            : null;
}
