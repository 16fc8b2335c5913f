using System.Diagnostics.Metrics;

namespace Dunning.Platform.Telemetry;

/// <summary>
/// The process's one <see cref="TelemetryExtensions.MeterName"/> meter, never disposed. OpenTelemetry merges same-named instruments
/// of same-named meters into one series, so a per-instance meter disposed by one host took the series of every other host in the
/// process with it (tests run several). Instances add their figures to shared instruments instead (<see cref="SharedGauge{T}"/>).
/// </summary>
public static class DunningMeter
{
    public static Meter Meter { get; } = new(TelemetryExtensions.MeterName);
}
