using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Dunning.Platform.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The meter every Dunning service records its own figures on.</summary>
    public const string MeterName = "Dunning";

    /// <summary>
    /// Structured (JSON) console logs; OpenTelemetry metrics (ASP.NET Core, HttpClient, MassTransit's and Dunning's meters)
    /// with a Prometheus scrape endpoint; traces (ASP.NET Core, HttpClient, MassTransit, Npgsql) only when they go
    /// somewhere: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, or <c>Telemetry:Tracing</c> = true. A span per SQL command
    /// and per request costs ~10–20 % of the webhook's intake on 2 cores, so it is not paid when nobody collects it.
    /// </summary>
    public static IHostApplicationBuilder AddDunningTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options => options.UseUtcTimestamp = true);
        builder.AddManagementListener();

        var exportsTraces = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(InstrumentationOptions.MeterName, MeterName, "System.Runtime")
                .AddPrometheusExporter());
        if (builder.Configuration.GetValue<bool?>("Telemetry:Tracing") ?? exportsTraces)
        {
            otel.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource(DiagnosticHeaders.DefaultListenerName)
                .AddNpgsql());
        }
        if (exportsTraces)
            otel.UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// Prometheus scrape endpoint at <c>/metrics</c> on the management port only: told by the port the connection arrived on,
    /// which a client cannot forge (a Host header it can). Without <c>Management:Port</c> there is no <c>/metrics</c>.
    /// </summary>
    public static WebApplication MapDunningTelemetry(this WebApplication app)
    {
        var port = app.Configuration.GetSection(ManagementOptions.Section).Get<ManagementOptions>()?.Port;
        if (port is null)
        {
            ScrapeLog.NoManagementPort(app.Logger);
            return app;
        }
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Connection.LocalPort == port && context.Request.Path == "/metrics");
        return app;
    }
}
