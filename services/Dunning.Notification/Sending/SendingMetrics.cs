using System.Diagnostics.Metrics;
using Dunning.Platform.Telemetry;

namespace Dunning.Notification.Sending;

/// <summary>
/// The notification service's figures on the shared "Dunning" meter (<see cref="DunningMeter"/>, never disposed per instance):
/// emails the SMTP server got whole but gave no verdict on (Prometheus <c>dunning_notification_emails_maybe_sent_total</c>, per
/// step), each one an email that may not have arrived; and sends that failed (<c>dunning_notification_smtp_failures_total</c>, per
/// <c>reason</c>: <c>unavailable</c> — connection, timeout, 4xx, breaker open — or <c>rejected</c>, a 5xx), after the pipeline's retries.
/// </summary>
public sealed class SendingMetrics
{
    public const string MaybeSentInstrument = "dunning.notification.emails_maybe_sent";
    public const string SmtpFailuresInstrument = "dunning.notification.smtp_failures";
    public const string Unavailable = "unavailable";
    public const string Rejected = "rejected";

    private static readonly Counter<long> MaybeSentCounter = DunningMeter.Meter.CreateCounter<long>(MaybeSentInstrument, "{email}",
        "Emails the SMTP server got whole without a verdict; not sent again");
    private static readonly Counter<long> SmtpFailuresCounter = DunningMeter.Meter.CreateCounter<long>(SmtpFailuresInstrument, "{email}",
        "SMTP sends that failed after the retries, per reason");

    public void MaybeSent(string step) => MaybeSentCounter.Add(1, new KeyValuePair<string, object?>("step", step));

    public void SmtpFailed(string reason) => SmtpFailuresCounter.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
