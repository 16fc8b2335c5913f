using Dunning.Platform;
using MassTransit;

namespace Dunning.RetryScheduler.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddRetrySchedulerServices(this IHostApplicationBuilder builder)
    {
        builder.AddDunningPlatform("scheduler", typeof(Extensions).Assembly, AddConsumers);
        return builder;
    }

    /// <summary>Every message this service consumes, in one place.</summary>
    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
    }
}
