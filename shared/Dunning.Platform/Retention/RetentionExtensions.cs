using Dunning.Platform.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dunning.Platform.Retention;

public static class RetentionExtensions
{
    /// <summary>The retention job with the platform's purges (inbox, sent outbox); a service adds its own with <see cref="AddRetentionPurge"/>.</summary>
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder, ServiceDatabase database)
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionValidation>();
        builder.AddRetentionPurge(RetentionPurge.Inbox(database));
        builder.AddRetentionPurge(RetentionPurge.SentOutbox(database));
        builder.Services.AddHostedService<RetentionJob>();
        return builder;
    }

    public static IHostApplicationBuilder AddRetentionPurge(this IHostApplicationBuilder builder, RetentionPurge purge)
    {
        builder.Services.AddSingleton(purge);
        return builder;
    }

    /// <summary>A purge of the service's own tables, named through its <see cref="ServiceDatabase"/>.</summary>
    public static IHostApplicationBuilder AddRetentionPurge(this IHostApplicationBuilder builder, Func<ServiceDatabase, RetentionPurge> purge)
    {
        builder.Services.AddSingleton(services => purge(services.GetRequiredService<ServiceDatabase>()));
        return builder;
    }
}
