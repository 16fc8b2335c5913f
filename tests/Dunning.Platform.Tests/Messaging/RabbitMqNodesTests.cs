using System.Globalization;
using Dunning.Platform.Messaging;
using Dunning.Platform.Outbox;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Platform.Tests.Messaging;

/// <summary><c>RabbitMq:Nodes</c>: a cluster's nodes, tried in order.</summary>
public sealed class RabbitMqNodesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _vhost = await TestVirtualHost.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_service_whose_first_node_is_down_connects_to_the_next_and_consumes()
    {
        var dead = ServiceProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        var received = new ReceivedMessages();
        using var host = await PlatformHost.StartAsync(_database, _vhost, bus => bus.AddConsumer<ReceivedMessages.PaymentFailedRecorder>(),
            services => services.AddSingleton(received), settings: new Dictionary<string, string?>
            {
                ["RabbitMq:Port"] = dead, // so RabbitMq:Host alone would not connect
                ["RabbitMq:Nodes:0"] = $"127.0.0.1:{dead}",
                ["RabbitMq:Nodes:1"] = $"{TestEnvironment.RabbitHost}:5672",
            });
        var message = Messages.PaymentFailed("evt_cluster");

        await host.Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = MessageIds.For(message));

        await Eventually.HoldsAsync(() => !received.All.IsEmpty, TimeSpan.FromSeconds(30), "the message is consumed");
    }

    [Fact]
    public void Nodes_without_a_port_take_the_port_setting_and_no_nodes_mean_the_host_setting()
    {
        var cluster = new RabbitMqOptions { Port = 5673, Nodes = ["rabbit-a", "rabbit-b:5674"] };
        var single = new RabbitMqOptions { Host = "rabbit", Port = 5675 };

        Assert.Equal([("rabbit-a", 5673), ("rabbit-b", 5674)], cluster.Endpoints());
        Assert.Equal([("rabbit", 5675)], single.Endpoints());
        Assert.Throws<InvalidOperationException>(() => new RabbitMqOptions { Nodes = ["rabbit:x"] }.Endpoints());
    }
}
