using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Dunning.Notification.Sending;

/// <summary>
/// The Polly v8 pipeline around every SMTP send, built once: quick retries with exponential backoff + jitter on
/// transient SMTP and socket errors, then a circuit breaker so an SMTP outage fails jobs fast (they back off and run again).
/// A <see cref="SmtpMaybeSentException"/> is neither retried nor counted: the message may have been delivered.
/// </summary>
public static class SmtpResilience
{
    public static ResiliencePipeline Build(SmtpOptions options, TimeProvider clock) => new ResiliencePipelineBuilder { TimeProvider = clock }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = TransientErrors(),
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryDelay,
        })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = TransientErrors(),
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerWindow,
            BreakDuration = options.BreakerBreakDuration,
        })
        .AddTimeout(options.AttemptTimeout)
        .Build();

    /// <summary>What is worth another try: the connection (refused, reset, timed out) or a 4xx "try again later" reply.</summary>
    private static PredicateBuilder<object> TransientErrors() => new PredicateBuilder()
        .Handle<SocketException>()
        .Handle<IOException>()
        .Handle<SmtpProtocolException>()
        .Handle<ServiceNotConnectedException>()
        .Handle<TimeoutRejectedException>()
        .Handle<SmtpCommandException>(IsTransient);

    /// <summary>4xx replies are "try again later" in SMTP; 5xx are permanent (bad address, rejected content).</summary>
    public static bool IsTransient(SmtpCommandException exception) => (int)exception.StatusCode is >= 400 and < 500;
}
