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
/// every attempt evenly at the configured request rate; a per-attempt timeout.
/// </summary>
public static class StripeResilience
{
    public const string PipelineName = "stripe";

    public static ResiliencePipeline Build(StripeOptions options, TimeProvider clock) => new ResiliencePipelineBuilder { TimeProvider = clock }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(30),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception)),
        })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            FailureRatio = options.BreakerFailureRatio,
            SamplingDuration = options.BreakerWindow,
            MinimumThroughput = options.BreakerMinimumThroughput,
            BreakDuration = options.BreakerBreakDuration,
        })
        // Inside the retry, so retries are paced too; one token at a time, so calls are evenly spaced and no
        // one-second window ever holds more than the configured rate (a full bucket would allow a double burst).
        .AddRateLimiter(new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1.0 / Math.Max(0.1, options.RequestsPerSecond)),
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }))
        .AddTimeout(options.RequestTimeout)
        .Build();

    /// <summary>Worth retrying: the network, a timeout, Stripe overloaded (429), in conflict (409) or failing (5xx).</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        StripeException { HttpStatusCode: var status } => status is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict || (int)status >= 500 || status == 0,
        HttpRequestException or TimeoutRejectedException or TaskCanceledException => true,
        _ => false,
    };

    /// <summary>Stripe's Retry-After header on a 429, when present; otherwise null (the backoff decides).</summary>
    private static TimeSpan? RetryAfter(Exception? exception) =>
        exception is StripeException { StripeResponse.Headers.RetryAfter: { } retryAfter }
            ? retryAfter.Delta ?? (retryAfter.Date - DateTimeOffset.UtcNow)
            : null;
}
