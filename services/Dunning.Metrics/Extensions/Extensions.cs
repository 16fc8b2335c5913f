using Dunning.Metrics.Consumers;
using Dunning.Platform;
using MassTransit;

namespace Dunning.Metrics.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddMetricsServices(this IHostApplicationBuilder builder)
    {
        builder.AddDunningPlatform("metrics", typeof(Extensions).Assembly, AddConsumers);
        return builder;
    }

    /// <summary>Every message the metrics service consumes, in one place.</summary>
    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PaymentFailedConsumer>();
    }
}
