namespace Dunning.Platform.Telemetry;

/// <summary>Section <c>Telemetry</c>: how often the figures a scrape reports are read from the service's own tables.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>How often <see cref="BacklogGauges"/> reads the outbox backlog and the due-job lag (one query).</summary>
    public TimeSpan BacklogInterval { get; set; } = TimeSpan.FromSeconds(5);
}
