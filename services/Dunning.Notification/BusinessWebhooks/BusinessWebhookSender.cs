using System.Net.Http.Headers;
using System.Text;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Microsoft.Extensions.Options;

namespace Dunning.Notification.BusinessWebhooks;

/// <summary>
/// Delivers one event to the business's endpoint: signed, at least once. A 2xx answer delivers it; anything else is logged
/// and tried again after a doubling wait, until <see cref="BusinessWebhookOptions.GiveUpAfter"/> marks it failed. A process
/// killed after the endpoint answered and before the log committed sends it again with the same id (the receiver's dedup).
/// </summary>
public sealed partial class BusinessWebhookSender(IHttpClientFactory http, BusinessWebhookLog log, IOptions<BusinessWebhookOptions> options,
    TimeProvider clock, ILogger<BusinessWebhookSender> logger) : IDueJobHandler
{
    public const string JobKind = "business-webhook";
    public const string HttpClientName = "business-webhooks";

    public string Kind => JobKind;

    // A delivery may safely run twice (the event id is the same), so a job held by a killed process comes back soon.
    public TimeSpan? Lease => options.Value.Timeout * 3;

    public async Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
    {
        var delivery = await log.FindAsync(unit, job.Payload<BusinessWebhookJob>().EventId, cancellationToken);
        if (delivery is null || delivery.Status != BusinessWebhookDelivery.Pending) return DueJobOutcome.Completed;
        var settings = options.Value;
        var (status, error) = await PostAsync(delivery.Payload, settings, cancellationToken);
        var now = clock.GetUtcNow();
        if (error is null)
        {
            log.RecordAttempt(unit, delivery.EventId, BusinessWebhookDelivery.Delivered, now, status, null);
            return DueJobOutcome.Completed;
        }
        LogFailed(delivery.EventId, delivery.Type, error);
        if (now - delivery.CreatedAt >= settings.GiveUpAfter)
        {
            log.RecordAttempt(unit, delivery.EventId, BusinessWebhookDelivery.Failed, now, status, error);
            return DueJobOutcome.Completed;
        }
        log.RecordAttempt(unit, delivery.EventId, BusinessWebhookDelivery.Pending, now, status, error);
        return DueJobOutcome.RetryIn(RetryDelay(delivery.Attempts + 1, settings));
    }

    /// <summary>The wait after the <paramref name="failures"/>th failure: the first delay, doubled per failure, at most the maximum.</summary>
    public static TimeSpan RetryDelay(int failures, BusinessWebhookOptions settings) =>
        TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, settings.FirstRetryDelay.Ticks * (1L << Math.Min(failures - 1, 30))));

    /// <summary>The endpoint's status code (null: no answer) and, unless it answered 2xx, what went wrong.</summary>
    private async Task<(int? Status, string? Error)> PostAsync(string payload, BusinessWebhookOptions settings, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation(BusinessWebhookSignature.Header, BusinessWebhookSignature.Sign(payload, clock.GetUtcNow(), settings.Secrets));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, null) : (status, $"the endpoint answered {status} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {settings.Timeout.TotalSeconds:0.#} s (BusinessWebhooks:Timeout)");
        }
        catch (HttpRequestException exception)
        {
            return (null, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {EventId} ({Type}) to the business not delivered: {Error}")]
    private partial void LogFailed(string eventId, string type, string error);
}
