using Dunning.Platform.Retention;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dunning.Platform.Tests.Retention;

/// <summary>The retention job purges what is past its retention and keeps the rest, in batches, harmlessly twice.</summary>
public sealed class RetentionJobTests : IAsyncLifetime
{
    private const string Schema = PlatformHost.Schema;
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        PlatformHost.Migrate(_database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Inbox_rows_past_the_retention_are_purged_in_batches_and_recent_ones_kept()
    {
        await _database.ExecuteAsync($"""
            INSERT INTO {Schema}.inbox (consumer, message_id, handled_at)
            SELECT 'SomeConsumer', gen_random_uuid(), now() - interval '31 days' FROM generate_series(1, {RetentionJob.BatchSize + 1});
            INSERT INTO {Schema}.inbox (consumer, message_id, handled_at) VALUES ('SomeConsumer', gen_random_uuid(), now() - interval '29 days');
            """);

        var purged = await Job().PurgeAsync(CancellationToken.None);

        Assert.Equal(RetentionJob.BatchSize + 1, purged["inbox rows"]);
        Assert.Equal(1, await _database.CountAsync($"SELECT count(*) FROM {Schema}.inbox WHERE handled_at > now() - interval '30 days'"));
        Assert.Equal(1, await _database.CountAsync($"SELECT count(*) FROM {Schema}.inbox"));
        Assert.Equal(0, (await Job().PurgeAsync(CancellationToken.None))["inbox rows"]);
    }

    [Fact]
    public async Task Sent_outbox_rows_past_the_retention_are_purged_and_unsent_or_parked_ones_kept_whatever_their_age()
    {
        await _database.ExecuteAsync($"""
            INSERT INTO {Schema}.outbox (id, message_type, body, created_at, sent_at, parked_at) VALUES
                (gen_random_uuid(), 'sent_long_ago', 'null', now() - interval '8 days', now() - interval '8 days', NULL),
                (gen_random_uuid(), 'sent_recently', 'null', now() - interval '8 days', now() - interval '6 days', NULL),
                (gen_random_uuid(), 'never_sent', 'null', now() - interval '30 days', NULL, NULL),
                (gen_random_uuid(), 'parked', 'null', now() - interval '30 days', NULL, now() - interval '30 days');
            """);

        var purged = await Job().PurgeAsync(CancellationToken.None);

        Assert.Equal(1, purged["sent outbox rows"]);
        Assert.Equal(0, await _database.CountAsync($"SELECT count(*) FROM {Schema}.outbox WHERE message_type = 'sent_long_ago'"));
        Assert.Equal(3, await _database.CountAsync($"SELECT count(*) FROM {Schema}.outbox"));
    }

    [Theory]
    [InlineData("30.00:00:00", "31.00:00:00", "Retention__StripePayloads to at most Retention__Inbox")]
    [InlineData("12:00:00", "12:00:00", "set Retention__Inbox to at least")]
    public void Unusable_settings_are_refused_naming_the_variable_to_set(string inbox, string payloads, string expected)
    {
        var options = new RetentionOptions { Inbox = TimeSpan.Parse(inbox), StripePayloads = TimeSpan.Parse(payloads) };

        Assert.Contains(expected, options.Problem());
    }

    private RetentionJob Job() => new(_database.DataSource, [RetentionPurge.Inbox(PlatformHost.Database), RetentionPurge.SentOutbox(PlatformHost.Database)],
        Options.Create(new RetentionOptions()), TimeProvider.System, NullLogger<RetentionJob>.Instance);
}
