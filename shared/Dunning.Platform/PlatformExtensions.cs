using System.Reflection;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Health;
using Dunning.Platform.Http;
using Dunning.Platform.Inbox;
using Dunning.Platform.Messaging;
using Dunning.Platform.Outbox;
using Dunning.Platform.Retention;
using Dunning.Platform.Security;
using Dunning.Platform.Stripe;
using Dunning.Platform.Telemetry;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Dunning.Platform;

public static class PlatformExtensions
{
    /// <summary>
    /// Everything a Dunning service shares: PostgreSQL (data source as the runtime role + migrations of <paramref name="schema"/> as its
    /// owner), outbox, inbox and due jobs, MassTransit over RabbitMQ with the service's consumers, retention, health, telemetry, API key.
    /// </summary>
    public static IHostApplicationBuilder AddDunningPlatform(this IHostApplicationBuilder builder, string schema, Assembly migrations,
        Action<IBusRegistrationConfigurator> addConsumers)
    {
        var database = new ServiceDatabase(schema, migrations);
        var connections = DatabaseConnections.From(builder.Configuration, builder.Environment);
        var connectionString = PooledConnectionSettings.Apply(connections.Runtime);

        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddNpgsqlDataSource(connectionString);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxWriter>();
        builder.Services.AddSingleton<UnitsOfWork>();
        builder.Services.AddOptions<GroupCommitOptions>().BindConfiguration("GroupCommit");
        builder.Services.AddSingleton<Inbox.Inbox>();
        builder.Services.AddSingleton<ConsumerServices>();
        builder.Services.AddSingleton<DueJobSignal>();
        builder.Services.AddSingleton<DueJobStore>();
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration("Outbox");
        builder.Services.AddOptions<DueJobOptions>().BindConfiguration("DueJobs");
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration("Api").ValidateSecrets(o => [("Api:Key", o.Key)]);
        builder.Services.AddOptions<StripeOptions>().BindConfiguration("Stripe")
            .Validate(StripeOptions.LiveKeyGoesToStripeOverHttps, StripeOptions.LiveKeyGoesToStripeOverHttpsError)
            .ValidateOnStart();

        builder.Services.AddSingleton(connections);
        builder.Services.AddOptions<DatabaseStartupOptions>().BindConfiguration(DatabaseStartupOptions.Section);
        builder.Services.AddSingleton<SchemaMigration>();
        // Ahead of the hosted services registered before: its StartingAsync runs first, before any hosted service starts.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(services => services.GetRequiredService<SchemaMigration>()));

        builder.AddDunningMessaging(schema, addConsumers);
        // After MassTransit's hosted service (which waits until the bus and this service's queues are up), so the
        // relay's first publish never races the bus start.
        builder.Services.AddHostedService<OutboxRelay>();
        builder.AddRetention(database);
        builder.AddDunningHealth();
        builder.AddDunningTelemetry();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);
        builder.Services.AddSingleton<BacklogGauges>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BacklogGauges>());
        return builder;
    }

    /// <summary>
    /// Runs due jobs with the registered <see cref="IDueJobHandler"/>s (webhook, scheduler and notification services), and
    /// keeps their dead ones counted (<see cref="DeadJobGauge"/>) and re-runnable (<see cref="DeadJobEndpoints"/>).
    /// </summary>
    public static IHostApplicationBuilder AddDueJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeadJobGauge>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeadJobGauge>());
        builder.Services.AddSingleton<DeadJobs>();
        builder.Services.AddHostedService<DueJobWorker>();
        return builder;
    }

    /// <summary>Maps <c>/health</c>, <c>/alive</c> and <c>/metrics</c>.</summary>
    public static WebApplication MapDunningPlatform(this WebApplication app)
    {
        app.MapDunningHealth();
        app.MapDunningTelemetry();
        return app;
    }
}
