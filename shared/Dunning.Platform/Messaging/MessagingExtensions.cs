using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dunning.Platform.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit over RabbitMQ: kebab-case endpoint names prefixed with the service (<c>scheduler-payment-failed</c>,
    /// <c>metrics-payment-failed</c>: every service gets its own copy of each event instead of competing for it),
    /// publisher confirms, an in-process retry that outlasts a database restart, then MassTransit's <c>_error</c> queue, usage telemetry off.
    /// One node or a cluster's (<c>RabbitMq:Nodes</c>); classic or quorum queues (<c>RabbitMq:QueueType</c>, ADR 014).
    /// The service lists its consumers in <paramref name="addConsumers"/>.
    /// </summary>
    public static IHostApplicationBuilder AddDunningMessaging(
        this IHostApplicationBuilder builder, string service, Action<IBusRegistrationConfigurator> addConsumers)
    {
        var rabbit = builder.Configuration.GetSection("RabbitMq").Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        builder.Services.AddOptions<RabbitMqOptions>().BindConfiguration("RabbitMq");
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            options.WaitUntilStarted = true; // consumers' queues exist before the host reports started
            options.StartTimeout = TimeSpan.FromSeconds(60);
            options.StopTimeout = TimeSpan.FromSeconds(30);
        });

        builder.Services.AddMassTransit(bus =>
        {
            bus.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = false);
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(service + "-", includeNamespace: false));
            addConsumers(bus);
            if (rabbit.QueueType == RabbitMqQueueType.Quorum)
                bus.AddConfigureEndpointsCallback((name, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint)
                        QuorumQueues.Apply(rabbitEndpoint, name, rabbit.DeliveryLimit);
                });
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, host =>
                {
                    host.Username(rabbit.Username);
                    host.Password(rabbit.Password);
                    host.PublisherConfirmation = true;
                    if (rabbit.Nodes.Count > 0)
                        host.UseCluster(cluster =>
                        {
                            foreach (var (node, port) in rabbit.Endpoints())
                                cluster.Node($"{node}:{port}");
                        });
                });
                if (rabbit.QueueType == RabbitMqQueueType.Quorum)
                    QuorumQueues.KeepParkedMessages(cfg);
                cfg.PrefetchCount = rabbit.PrefetchCount;
                // Long enough (~2 min in all) to ride out a PostgreSQL or SMTP restart before a message is parked in _error;
                // a message a consumer rejects as invalid goes to _error at once.
                cfg.UseMessageRetry(retry =>
                {
                    retry.Ignore<InvalidMessageException>();
                    retry.Intervals(
                        TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2),
                        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
                });
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
