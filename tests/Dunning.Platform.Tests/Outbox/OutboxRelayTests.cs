using Dunning.Platform.Data;
using Dunning.Contracts;
using Dunning.Platform.Outbox;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dunning.Platform.Tests.Outbox;

public sealed class OutboxRelayTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;
    private readonly ReceivedMessages _received = new();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _vhost = await TestVirtualHost.CreateAsync();
        PlatformHost.Migrate(_database);
    }

    public async Task DisposeAsync()
    {
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Message_committed_by_a_process_that_died_before_relaying_is_published_after_restart()
    {
        // The "dead" process: it committed and never ran a relay.
        await WriteCommittedAsync(PlatformHost.StandaloneWriter(), "evt_survivor");
        Assert.Equal(1, await UnsentAsync());

        using var restarted = await StartAsync(withReceiver: true);

        await Eventually.HoldsAsync(() => _received.All.Any(r => r.Message.SourceEventId == "evt_survivor"), Timeout, "the committed message arrives");
        await Eventually.HoldsAsync(async () => await UnsentAsync() == 0, Timeout, "the row is marked sent");
    }

    [Fact]
    [Trait("Suite", "ForgedInput")]
    public async Task A_row_that_can_never_be_published_is_parked_with_its_error_and_the_rows_after_it_go_out()
    {
        // A message type renamed in a deploy while a row of the old name was unsent; and a body that does not parse.
        await _database.ExecuteAsync($$"""
            INSERT INTO {{PlatformHost.Schema}}.outbox (id, message_type, body, created_at) VALUES
              ('00000000-0000-0000-0000-00000000000a', 'Dunning.Contracts.PaymentFailedRenamed', '{}', now() - interval '1 minute'),
              ('00000000-0000-0000-0000-00000000000b', 'Dunning.Contracts.PaymentFailed', '{"invoiceId": 42}', now() - interval '1 minute')
            """);
        await WriteCommittedAsync(PlatformHost.StandaloneWriter(), "evt_after_the_bad_rows");

        using var host = await StartAsync(withReceiver: true);

        await Eventually.HoldsAsync(() => _received.All.Any(r => r.Message.SourceEventId == "evt_after_the_bad_rows"), Timeout, "the good row is published");
        await Eventually.HoldsAsync(async () => await _database.CountAsync(
            $"SELECT count(*) FROM {PlatformHost.Schema}.outbox WHERE parked_at IS NOT NULL AND sent_at IS NULL AND attempts = 1 AND last_error <> ''") == 2,
            Timeout, "both bad rows are parked with their error, tried once");
        Assert.Equal(0, await UnsentAsync("parked_at IS NULL"));
    }

    [Fact]
    public async Task Rolled_back_transaction_publishes_nothing()
    {
        using var host = await StartAsync(withReceiver: true);
        var outbox = host.Services.GetRequiredService<OutboxWriter>();
        var units = host.Services.GetRequiredService<UnitsOfWork>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => units.RunAsync<int>((unit, _) =>
        {
            outbox.Add(unit, Messages.PaymentFailed("evt_rolled_back"));
            throw new InvalidOperationException("rolled back");
        }, CancellationToken.None));
        await WriteCommittedAsync(host, "evt_marker");

        // The marker was written after the rolled-back message; once it has arrived, the other would have too.
        await Eventually.HoldsAsync(() => _received.All.Any(r => r.Message.SourceEventId == "evt_marker"), Timeout, "the marker arrives");
        Assert.DoesNotContain(_received.All, r => r.Message.SourceEventId == "evt_rolled_back");
        Assert.Equal(1, await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.outbox"));
    }

    [Fact]
    public async Task Two_relays_never_publish_the_same_row_twice()
    {
        const int count = 600;
        var writer = PlatformHost.StandaloneWriter();
        await using (var units = PlatformHost.StandaloneUnitsOfWork(_database))
            await units.RunAsync((unit, _) =>
            {
                for (var i = 0; i < count; i++)
                    writer.Add(unit, Messages.PaymentFailed($"evt_{i}"));
                return Task.FromResult(count);
            }, CancellationToken.None);

        // The receiver runs on an empty database of its own, so both relays start only after its queue is bound.
        await using var receiverDatabase = await TestDatabase.CreateAsync();
        using var receiver = await PlatformHost.StartAsync(receiverDatabase, _vhost,
            bus => bus.AddConsumer<ReceivedMessages.PaymentFailedRecorder>(), services => services.AddSingleton(_received));
        var hosts = await Task.WhenAll(StartAsync(withReceiver: false), StartAsync(withReceiver: false));

        await Eventually.HoldsAsync(() => _received.All.Select(r => r.MessageId).Distinct().Count() == count, Timeout, $"all {count} messages arrive");
        await Eventually.HoldsAsync(async () => await UnsentAsync() == 0, Timeout, "every row is marked sent");
        Assert.Equal(count, _received.All.Count);
        Assert.Equal(count, await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.outbox WHERE attempts = 1"));
        foreach (var host in hosts) host.Dispose();
    }

    [Fact]
    public async Task The_same_fact_written_twice_is_one_message_with_an_id_derived_from_its_source()
    {
        using var host = await StartAsync(withReceiver: true);
        await WriteCommittedAsync(host, "evt_same");
        await WriteCommittedAsync(host, "evt_same");
        await WriteCommittedAsync(host, "evt_after");

        await Eventually.HoldsAsync(() => _received.All.Any(r => r.Message.SourceEventId == "evt_after"), Timeout, "the later message arrives");
        var same = Assert.Single(_received.All, r => r.Message.SourceEventId == "evt_same");
        Assert.Equal(MessageIds.For(typeof(PaymentFailed), "evt_same"), same.MessageId);
    }

    [Fact]
    public async Task A_commit_that_added_a_message_wakes_the_relay_long_before_its_next_poll()
    {
        using var host = await StartAsync(withReceiver: true, idleDelay: "00:10:00");
        await WriteCommittedAsync(host, "evt_first");
        await Eventually.HoldsAsync(() => _received.All.Any(r => r.Message.SourceEventId == "evt_first"), Timeout, "the first message arrives");

        // The relay now sleeps for its 10-minute poll; only the commit's wake-up can bring the second message within the timeout.
        await WriteCommittedAsync(host, "evt_second");

        await Eventually.HoldsAsync(() => _received.All.Any(r => r.Message.SourceEventId == "evt_second"), Timeout, "the second message arrives");
    }

    [Fact]
    public async Task Only_a_commit_that_added_a_message_wakes_the_relay()
    {
        var signal = new OutboxSignal();
        var outbox = new OutboxWriter(PlatformHost.Database, signal);
        await using var units = PlatformHost.StandaloneUnitsOfWork(_database);

        await units.RunAsync((_, _) => Task.FromResult(0), CancellationToken.None);
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, TimeProvider.System, CancellationToken.None));

        await units.RunAsync((unit, _) =>
        {
            outbox.Add(unit, Messages.PaymentFailed("evt_wakes"));
            return Task.FromResult(0);
        }, CancellationToken.None);
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, TimeProvider.System, CancellationToken.None));
    }

    private Task<long> UnsentAsync(string andWhere = "true") =>
        _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.outbox WHERE sent_at IS NULL AND {andWhere}");

    private static Task WriteCommittedAsync(IHost host, string sourceEventId) =>
        WriteCommittedAsync(host.Services.GetRequiredService<UnitsOfWork>(), host.Services.GetRequiredService<OutboxWriter>(), sourceEventId);

    /// <summary>Written by a process that then dies: no relay of its own behind the writer.</summary>
    private async Task WriteCommittedAsync(OutboxWriter standalone, string sourceEventId)
    {
        await using var units = PlatformHost.StandaloneUnitsOfWork(_database);
        await WriteCommittedAsync(units, standalone, sourceEventId);
    }

    private static Task WriteCommittedAsync(UnitsOfWork units, OutboxWriter outbox, string sourceEventId) =>
        units.RunAsync((unit, _) =>
        {
            outbox.Add(unit, Messages.PaymentFailed(sourceEventId));
            return Task.FromResult(0);
        }, CancellationToken.None);

    private Task<IHost> StartAsync(bool withReceiver, string idleDelay = "00:00:00.020") =>
        PlatformHost.StartAsync(_database, _vhost,
            bus => { if (withReceiver) bus.AddConsumer<ReceivedMessages.PaymentFailedRecorder>(); },
            services => services.AddSingleton(_received), idleDelay);
}
