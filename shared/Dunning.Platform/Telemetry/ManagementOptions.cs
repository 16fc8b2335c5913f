namespace Dunning.Platform.Telemetry;

/// <summary>
/// The management port (section <c>Management</c>): <c>/metrics</c> answers only there, never on the service's public port,
/// because the metrics service's gauges are revenue figures and the notification service must be public for unsubscribe links.
/// </summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>Port of the management listener; unset: no listener and no <c>/metrics</c>.</summary>
    public int? Port { get; set; }

    /// <summary>Address the management listener binds; unset: the host of the service's own first URL.</summary>
    public string? Host { get; set; }
}
