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
/// The one Polly v8 pipeline around every Stripe call: rate limiter at the configured request rate,
/// retry with exponential backoff + jitter on network errors, 5xx, 409 and 429 (honouring Retry-After),
/// a circuit breaker, and a per-attempt timeout.
/// </summary>
public static class StripeResilience
{
    public const string PipelineName = "stripe";

    public static ResiliencePipeline Build(StripeOptions options, TimeProvider clock) => new ResiliencePipelineBuilder { TimeProvider = clock }
        .AddRateLimiter(new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.RequestsPerSecond),
            TokensPerPeriod = Math.Max(1, options.RequestsPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }))
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
