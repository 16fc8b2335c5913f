using System.Collections.Concurrent;
using Dunning.Contracts;
using Dunning.Platform.Messaging;
using Dunning.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dunning.BillingWebhook.Tests.Support;

/// <summary>A consumer bus in the test's virtual host that records every <see cref="PaymentFailed"/> it receives, duplicates included.</summary>
public sealed class PublishedMessages : IAsyncDisposable
{
    private IHost _host = null!;

    public ConcurrentQueue<(Guid MessageId, PaymentFailed Message)> PaymentFailed { get; } = new();

    public static async Task<PublishedMessages> ListenAsync(TestVirtualHost vhost)
    {
        var published = new PublishedMessages();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = TestEnvironment.RabbitHost,
            ["RabbitMq:VirtualHost"] = vhost.Name,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.AddSingleton(published);
        builder.AddDunningMessaging("webhooktest", bus => bus.AddConsumer<Recorder>());
        published._host = builder.Build();
        await published._host.StartAsync();
        return published;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    public sealed class Recorder(PublishedMessages published) : IConsumer<PaymentFailed>
    {
        public Task Consume(ConsumeContext<PaymentFailed> context)
        {
            published.PaymentFailed.Enqueue((context.MessageId!.Value, context.Message));
            return Task.CompletedTask;
        }
    }
}
