using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Dunning.Platform.Telemetry;

/// <summary>Adds the management port to the addresses Kestrel binds, next to the service's own (<c>ASPNETCORE_URLS</c>).</summary>
public static class ManagementListener
{
    private const string KestrelDefaultUrl = "http://localhost:5000";

    public static IHostApplicationBuilder AddManagementListener(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ManagementOptions.Section).Get<ManagementOptions>();
        if (options?.Port is not { } port)
            return builder;
        if (port is < 1 or > 65535)
            throw new InvalidOperationException($"Management:Port is {port}: set Management__Port to a port between 1 and 65535.");
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
            urls = KestrelDefaultUrl;
        var first = urls.Split(';')[0].Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal);
        var host = options.Host ?? new Uri(first).Host;
        builder.Configuration[WebHostDefaults.ServerUrlsKey] = $"{urls};http://{host}:{port}";
        return builder;
    }
}
