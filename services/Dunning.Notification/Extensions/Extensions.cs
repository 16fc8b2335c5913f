using Dunning.Platform;
using MassTransit;

namespace Dunning.Notification.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddNotificationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDunningPlatform("notification", typeof(Extensions).Assembly, AddConsumers);
        return builder;
    }

    /// <summary>Every message this service consumes, in one place.</summary>
    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
    }
}
