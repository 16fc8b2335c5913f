using System.Diagnostics.Metrics;
using Dunning.Platform.Telemetry;

namespace Dunning.BillingWebhook.Endpoints;

/// <summary>
/// Requests the Stripe webhook endpoint refused, per <c>reason</c> (Prometheus <c>dunning_webhook_rejections_total</c>): a rising
/// count of <c>signature</c> is a wrong or rotated secret (or a forger), of <c>parse</c> a payload this build cannot read.
/// </summary>
public static class WebhookRejections
{
    public const string Instrument = "dunning.webhook.rejections";
    public const string TooLarge = "too_large";
    public const string Signature = "signature";
    public const string Parse = "parse";
    public const string Method = "method";

    private static readonly Counter<long> Rejections =
        DunningMeter.Meter.CreateCounter<long>(Instrument, "{request}", "Requests the Stripe webhook endpoint refused, per reason");

    public static void Count(string reason) => Rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
