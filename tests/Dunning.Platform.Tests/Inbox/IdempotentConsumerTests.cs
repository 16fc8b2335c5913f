using Dunning.Platform.Data;
using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Dunning.Platform.Messaging;
using Dunning.Platform.Outbox;
using Dunning.Platform.Retention;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Dunning.Platform.Tests.Inbox;

public sealed class IdempotentConsumerTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _vhost = await TestVirtualHost.CreateAsync();
        PlatformHost.Migrate(_database);
        await _database.ExecuteAsync($"CREATE TABLE {PlatformHost.Schema}.effects (source_event_id text NOT NULL)");
    }

    public async Task DisposeAsync()
    {
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_same_message_delivered_twice_has_one_effect()
    {
        var completed = new ConsumeCounter();
        using var host = await PlatformHost.StartAsync(_database, _vhost,
            bus => { bus.AddConsumer<EffectConsumer>(); bus.AddConsumeObserver(_ => completed); });
        var bus = host.Services.GetRequiredService<IBus>();
        var twice = Messages.PaymentFailed("evt_twice");
        var once = Messages.PaymentFailed("evt_once");

        await bus.Publish(twice, c => c.MessageId = MessageIds.For(twice));
        await bus.Publish(twice, c => c.MessageId = MessageIds.For(twice));
        await bus.Publish(once, c => c.MessageId = MessageIds.For(once));

        await Eventually.HoldsAsync(() => completed.Count == 3, TimeSpan.FromSeconds(30), "all three deliveries are consumed");
        Assert.Equal(1, await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.effects WHERE source_event_id = 'evt_twice'"));
        Assert.Equal(1, await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.effects WHERE source_event_id = 'evt_once'"));
        Assert.Equal(2, await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.inbox WHERE consumer = '{nameof(EffectConsumer)}'"));
    }

    [Fact]
    public async Task A_message_redelivered_within_the_inbox_retention_after_a_purge_still_has_one_effect()
    {
        var completed = new ConsumeCounter();
        using var host = await PlatformHost.StartAsync(_database, _vhost,
            bus => { bus.AddConsumer<EffectConsumer>(); bus.AddConsumeObserver(_ => completed); });
        var bus = host.Services.GetRequiredService<IBus>();
        var message = Messages.PaymentFailed("evt_handled_29_days_ago");
        await bus.Publish(message, c => c.MessageId = MessageIds.For(message));
        await Eventually.HoldsAsync(() => completed.Count == 1, TimeSpan.FromSeconds(30), "the first delivery is consumed");
        await _database.ExecuteAsync($"UPDATE {PlatformHost.Schema}.inbox SET handled_at = now() - interval '29 days'");

        await host.Services.GetServices<IHostedService>().OfType<RetentionJob>().Single().PurgeAsync(CancellationToken.None);
        await bus.Publish(message, c => c.MessageId = MessageIds.For(message));

        await Eventually.HoldsAsync(() => completed.Count == 2, TimeSpan.FromSeconds(30), "the redelivery is consumed");
        Assert.Equal(1, await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.effects WHERE source_event_id = 'evt_handled_29_days_ago'"));
    }

    [Fact]
    public async Task A_failing_effect_leaves_no_inbox_row_so_the_redelivery_applies_it()
    {
        using var host = await PlatformHost.StartAsync(_database, _vhost, bus => bus.AddConsumer<FailsFirstConsumer>());
        var bus = host.Services.GetRequiredService<IBus>();
        var message = Messages.PaymentFailed("evt_flaky");

        await bus.Publish(message, c => c.MessageId = MessageIds.For(message));

        // MassTransit's retry redelivers after the first failure; the rolled-back inbox row lets it through once.
        await Eventually.HoldsAsync(async () => await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.effects") == 1,
            TimeSpan.FromSeconds(30), "the retried delivery applies the effect");
        Assert.Equal(2, FailsFirstConsumer.Calls);
    }

    [Fact]
    public async Task A_database_outage_longer_than_the_quick_retries_does_not_park_the_message_in_error()
    {
        using var host = await PlatformHost.StartAsync(_database, _vhost, bus => bus.AddConsumer<DatabaseBlipConsumer>());
        var bus = host.Services.GetRequiredService<IBus>();
        var message = Messages.PaymentFailed("evt_blip");

        await bus.Publish(message, c => c.MessageId = MessageIds.For(message));

        await Eventually.HoldsAsync(async () => await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.effects") == 1,
            TimeSpan.FromSeconds(45), "the effect is applied once the database is back");
        Assert.True(DatabaseBlipConsumer.Calls > DatabaseBlipConsumer.FailingCalls);
        Assert.Equal(0, await _vhost.QueueDepthAsync("platformtest-database-blip_error"));
    }

    [Fact]
    public async Task A_write_consumer_applies_each_of_many_concurrent_messages_once_and_parks_only_the_invalid_one()
    {
        var completed = new ConsumeCounter();
        using var host = await PlatformHost.StartAsync(_database, _vhost,
            bus => { bus.AddConsumer<WriteEffectConsumer>(); bus.AddConsumeObserver(_ => completed); });
        var bus = host.Services.GetRequiredService<IBus>();
        var messages = Enumerable.Range(0, 30).Select(i => Messages.PaymentFailed($"evt_write_{i}")).ToList();
        var redelivered = messages.Take(5);
        var invalid = Messages.PaymentFailed(WriteEffectConsumer.Invalid);

        await Task.WhenAll(messages.Concat(redelivered).Append(invalid).Select(m => bus.Publish(m, c => c.MessageId = MessageIds.For(m))));

        await Eventually.HoldsAsync(() => completed.Count == 35, TimeSpan.FromSeconds(30), "the 35 valid deliveries are consumed");
        await Eventually.HoldsAsync(async () => await _vhost.QueueDepthAsync("platformtest-write-effect_error") == 1, TimeSpan.FromSeconds(30),
            "the invalid message is parked in _error");
        Assert.Equal(30, await _database.CountAsync($"SELECT count(DISTINCT source_event_id) FROM {PlatformHost.Schema}.effects"));
        Assert.Equal(30, await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.effects"));
        Assert.Equal(30, await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.inbox WHERE consumer = '{nameof(WriteEffectConsumer)}'"));
    }

    /// <summary>Its effect is one insert, left for the group's last round trip; rejects <see cref="Invalid"/> as an invalid message.</summary>
    public sealed class WriteEffectConsumer(ConsumerServices services) : IdempotentConsumer<PaymentFailed>(services)
    {
        public const string Invalid = "evt_invalid";

        protected override Task HandleAsync(PaymentFailed message, UnitOfWork unit, CancellationToken cancellationToken)
        {
            if (message.SourceEventId == Invalid)
                throw new InvalidMessageException("rejected by the test");
            unit.Write(Statement.Of($"INSERT INTO {PlatformHost.Schema}.effects VALUES ($1)", message.SourceEventId));
            return Task.CompletedTask;
        }
    }

    /// <summary>Fails like an unreachable PostgreSQL for more calls than the quick retries allow.</summary>
    public sealed class DatabaseBlipConsumer(ConsumerServices services) : IdempotentConsumer<PaymentFailed>(services)
    {
        public const int FailingCalls = 6; // the old quick policy (1 call + 5 retries) parked the message here
        private static int _calls;
        public static int Calls => _calls;

        protected override async Task HandleAsync(PaymentFailed message, UnitOfWork unit, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) <= FailingCalls)
                throw new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111));
            await unit.ExecuteAsync(Statement.Of($"INSERT INTO {PlatformHost.Schema}.effects VALUES ($1)", message.SourceEventId), cancellationToken);
        }
    }

    public sealed class EffectConsumer(ConsumerServices services) : IdempotentConsumer<PaymentFailed>(services)
    {
        protected override async Task HandleAsync(PaymentFailed message, UnitOfWork unit, CancellationToken cancellationToken)
        {
            await unit.ExecuteAsync(Statement.Of($"INSERT INTO {PlatformHost.Schema}.effects VALUES ($1)", message.SourceEventId), cancellationToken);
        }
    }

    public sealed class FailsFirstConsumer(ConsumerServices services) : IdempotentConsumer<PaymentFailed>(services)
    {
        private static int _calls;
        public static int Calls => _calls;

        protected override async Task HandleAsync(PaymentFailed message, UnitOfWork unit, CancellationToken cancellationToken)
        {
            await unit.ExecuteAsync(Statement.Of($"INSERT INTO {PlatformHost.Schema}.effects VALUES ($1)", message.SourceEventId), cancellationToken);
            if (Interlocked.Increment(ref _calls) == 1)
                throw new InvalidOperationException("transient failure after the effect was written");
        }
    }

    private sealed class ConsumeCounter : IConsumeObserver
    {
        private int _count;
        public int Count => _count;
        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;
        public Task PostConsume<T>(ConsumeContext<T> context) where T : class { Interlocked.Increment(ref _count); return Task.CompletedTask; }
        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
