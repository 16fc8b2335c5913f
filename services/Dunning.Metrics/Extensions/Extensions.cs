using Dunning.Metrics.Consumers;
using Dunning.Metrics.Data;
using Dunning.Metrics.Domain;
using Dunning.Metrics.Ops;
using Dunning.Metrics.Telemetry;
using Dunning.Platform;
using Dunning.Platform.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Dunning.Metrics.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddMetricsServices(this IHostApplicationBuilder builder)
    {
        // The platform's data source auto-prepares; the reports' does not (see ReportDatabase).
        var reportConnectionString = builder.Configuration.GetConnectionString("Postgres");
        builder.AddDunningPlatform("metrics", typeof(Extensions).Assembly, AddConsumers);
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration("Metrics")
            .Validate(o => ReportMode.TryParse(o.DashboardDefaultMode, out _) is not null, "Metrics:DashboardDefaultMode must be live or test.")
            .ValidateOnStart();
        builder.Services.AddSingleton(_ => new ReportDatabase(reportConnectionString
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set.")));
        builder.Services.AddSingleton<LedgerStore>();
        builder.Services.AddSingleton<SubscriptionStore>();
        builder.Services.AddSingleton<ExpiringCardStore>();
        builder.Services.AddSingleton<ExpiringCardQuery>();
        builder.Services.AddSingleton<SummaryQuery>();
        builder.Services.AddSingleton<ChurnQuery>();
        builder.Services.AddSingleton<BreakdownQuery>();
        builder.Services.AddSingleton<FunnelQuery>();
        builder.Services.AddSingleton<ExperimentReportQuery>();
        builder.Services.AddSingleton<BacktestReportStore>();
        builder.Services.AddSingleton<TimeSeriesQuery>();
        builder.Services.AddSingleton<LedgerChangeFolder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LedgerChangeFolder>());
        builder.Services.AddSingleton<LedgerTotalsQuery>();
        builder.Services.AddSingleton<MetricsGauges>();
        builder.Services.AddHostedService<GaugeRefresher>();
        builder.Services.AddHttpClient<RabbitManagementClient>((services, http) =>
            RabbitManagementClient.Configure(http, services.GetRequiredService<IOptions<RabbitMqOptions>>().Value));
        builder.Services.AddSingleton<ErrorQueueRedriver>();
        builder.Services.AddHttpClient<ServiceHealthProbe>(http => http.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddHttpClient<ServiceFiguresReader>(http => http.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddHttpClient<WebhookEventsClient>(http => http.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddHttpClient<PeerServicesClient>(http => http.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<LedgerRowQuery>();
        builder.Services.AddTransient<CaseConsole>();
        return builder;
    }

    /// <summary>Every message the metrics service consumes, in one place.</summary>
    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PaymentFailedConsumer>();
        bus.AddConsumer<PaymentRecoveredConsumer>();
        bus.AddConsumer<RevenueLostConsumer>();
        bus.AddConsumer<SubscriptionStartedConsumer>();
        bus.AddConsumer<SubscriptionCanceledConsumer>();
        bus.AddConsumer<RetryAttemptedConsumer>();
        bus.AddConsumer<ReminderSentConsumer>();
        bus.AddConsumer<ExpiringCardRemindedConsumer>();
        bus.AddConsumer<ExpiringCardReplacedConsumer>();
    }
}
