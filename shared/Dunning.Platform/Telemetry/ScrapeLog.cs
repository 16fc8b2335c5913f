using Microsoft.Extensions.Logging;

namespace Dunning.Platform.Telemetry;

internal static partial class ScrapeLog
{
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No /metrics: Management:Port is not set. Set Management__Port to a port Prometheus can reach and the public cannot.")]
    public static partial void NoManagementPort(ILogger logger);
}
