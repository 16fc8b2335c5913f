using System.Diagnostics.Metrics;
using Dunning.Platform.Telemetry;

namespace Dunning.Notification.Sending;

/// <summary>
/// The notification service's figures on the "Dunning" meter: emails the SMTP server got whole but gave no verdict on
/// (Prometheus <c>dunning_notification_emails_maybe_sent_total</c>, per step), each one an email that may not have arrived.
/// </summary>
public sealed class SendingMetrics : IDisposable
{
    public const string MaybeSentInstrument = "dunning.notification.emails_maybe_sent";

    private readonly Meter _meter = new(TelemetryExtensions.MeterName);
    private readonly Counter<long> _maybeSent;

    public SendingMetrics() =>
        _maybeSent = _meter.CreateCounter<long>(MaybeSentInstrument, "{email}", "Emails the SMTP server got whole without a verdict; not sent again");

    public void MaybeSent(string step) => _maybeSent.Add(1, new KeyValuePair<string, object?>("step", step));

    public void Dispose() => _meter.Dispose();
}
