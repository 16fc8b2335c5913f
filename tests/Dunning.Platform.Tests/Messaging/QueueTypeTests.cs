using Dunning.Contracts;
using Dunning.Platform.Messaging;
using Dunning.Platform.Outbox;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dunning.Platform.Tests.Messaging;

/// <summary><c>RabbitMq:QueueType</c> and <c>RabbitMq:DeliveryLimit</c> (ADR 014), read back from the broker's management API.</summary>
public sealed class QueueTypeTests : IAsyncLifetime
{
    private const string Queue = "platformtest-poison";
    private const string ErrorQueue = Queue + "_error";
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;
    private BrokerQueues _queues = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _vhost = await TestVirtualHost.CreateAsync();
        _queues = new BrokerQueues(_vhost);
    }

    public async Task DisposeAsync()
    {
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task By_default_the_receive_queues_are_classic_without_a_delivery_limit()
    {
        using var host = await PlatformHost.StartAsync(_database, _vhost, bus => bus.AddConsumer<PoisonConsumer>());

        var (type, arguments) = await _queues.DeclarationAsync(Queue);

        Assert.Equal("classic", type);
        Assert.False(arguments.TryGetProperty("x-delivery-limit", out _));
        Assert.False(arguments.TryGetProperty("x-dead-letter-exchange", out _));
    }

    [Fact]
    public async Task Quorum_receive_queues_have_the_delivery_limit_and_dead_letter_to_their_error_queue()
    {
        using var host = await StartQuorumAsync(deliveryLimit: 7);

        var (type, arguments) = await _queues.DeclarationAsync(Queue);
        var (errorType, errorArguments) = await _queues.DeclarationAsync(ErrorQueue);

        Assert.Equal("quorum", type);
        Assert.Equal(7, arguments.GetProperty("x-delivery-limit").GetInt32());
        Assert.Equal(ErrorQueue, arguments.GetProperty("x-dead-letter-exchange").GetString());
        Assert.Equal("quorum", errorType); // a parked message survives a node too
        Assert.False(errorArguments.TryGetProperty("x-delivery-limit", out _)); // peeking at it never dead-letters it
        Assert.False(errorArguments.TryGetProperty("x-dead-letter-exchange", out _));
    }

    [Fact]
    public async Task On_quorum_queues_a_message_its_consumer_rejects_is_moved_to_error_once_by_MassTransit()
    {
        var consumer = new PoisonConsumer.Calls();
        using var host = await StartQuorumAsync(deliveryLimit: 3, services => services.AddSingleton(consumer));
        var message = Messages.PaymentFailed("evt_poison");

        await host.Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = MessageIds.For(message));

        await Eventually.HoldsAsync(async () => await _queues.MessagesAsync(ErrorQueue) == 1, TimeSpan.FromSeconds(30), "the message is in _error");
        await Eventually.HoldsAsync(async () => await _queues.MessagesAsync(Queue) == 0, "the message left its queue");
        Assert.Equal(1, consumer.Count); // moved by MassTransit (declaring _error as the endpoint did), not looped up to the limit
        var headers = await _queues.PeekAsync(ErrorQueue);
        Assert.True(headers!.Value.TryGetProperty("MT-Fault-ExceptionType", out _), headers.Value.ToString());
    }

    [Fact]
    public async Task On_quorum_queues_a_message_given_back_more_often_than_the_delivery_limit_ends_in_error_once()
    {
        const int limit = 3;
        var host = await StartQuorumAsync(limit);
        await host.StopAsync(); // no consumer: the test delivers by hand, as a consumer that dies with the message each time
        host.Dispose();
        await _queues.PublishAsync(Queue, "{}");

        var deliveries = 0;
        while (deliveries <= limit + 1 && await _queues.DeliverAndGiveBackAsync(Queue) is not null)
            deliveries++;

        Assert.Equal(limit + 1, deliveries);
        // The management API's counts lag the queues by its statistics interval.
        await Eventually.HoldsAsync(async () => await _queues.MessagesAsync(ErrorQueue) == 1, TimeSpan.FromSeconds(30), "the message is in _error");
        Assert.Equal(0, await _queues.MessagesAsync(Queue));
        var headers = await _queues.PeekAsync(ErrorQueue);
        Assert.Contains("delivery_limit", headers!.Value.GetProperty("x-death").ToString(), StringComparison.Ordinal);
    }

    private Task<IHost> StartQuorumAsync(int deliveryLimit, Action<IServiceCollection>? services = null) =>
        PlatformHost.StartAsync(_database, _vhost, bus => bus.AddConsumer<PoisonConsumer>(), services, settings: new Dictionary<string, string?>
        {
            ["RabbitMq:QueueType"] = "quorum",
            ["RabbitMq:DeliveryLimit"] = deliveryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>Rejects every message as invalid (straight to <c>_error</c>, no in-memory retries), counting its calls.</summary>
    public sealed class PoisonConsumer(PoisonConsumer.Calls? calls = null) : IConsumer<PaymentFailed>
    {
        public Task Consume(ConsumeContext<PaymentFailed> context)
        {
            calls?.Add();
            throw new InvalidMessageException("poison, by the test");
        }

        public sealed class Calls
        {
            private int _count;
            public int Count => _count;
            public void Add() => Interlocked.Increment(ref _count);
        }
    }
}
