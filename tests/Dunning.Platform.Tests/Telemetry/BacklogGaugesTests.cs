using System.Globalization;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Tests.DueJobs;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dunning.Platform.Tests.Telemetry;

/// <summary>
/// The outbox backlog and due-job lag as Prometheus scrapes them from <c>/metrics</c>, through a real host wired as the services
/// are: an unsent outbox row and an overdue job (their handler held, so neither drains) show with their age.
/// </summary>
public sealed class BacklogGaugesTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;
    private PlatformWebHost? _host;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _vhost = await TestVirtualHost.CreateAsync();
        PlatformHost.Migrate(_database);
    }

    private async Task StartAsync() => _host = await PlatformWebHost.StartAsync(_database, _vhost,
        new Dictionary<string, string?> { ["Telemetry:BacklogInterval"] = "00:00:00.100" }, new SentinelJob());

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Every_kind_this_service_runs_reports_a_lag_of_0_and_an_empty_outbox_a_backlog_of_0()
    {
        await StartAsync();

        await Eventually.HoldsAsync(async () =>
        {
            var scrape = await _host!.Management.GetStringAsync("/metrics");
            return Value(scrape, "dunning_outbox_backlog", "") == 0 && Value(scrape, "dunning_outbox_oldest_age_seconds", "") == 0
                && Value(scrape, "dunning_due_jobs_lag_seconds", $"kind=\"{SentinelJob.JobKind}\"") == 0
                && Value(scrape, "dunning_due_jobs_overdue", $"kind=\"{SentinelJob.JobKind}\"") == 0;
        }, Timeout, "the gauges report nothing waiting");
    }

    [Fact]
    public async Task An_unsent_outbox_message_and_an_overdue_job_show_with_their_age()
    {
        // Written before the service starts and held locked, as a stalled relay or worker would leave them (both skip locked
        // rows). A parked message and a job not yet due do not count.
        await _database.ExecuteAsync($"""
            INSERT INTO {PlatformHost.Schema}.outbox (id, message_type, body, created_at)
                VALUES (gen_random_uuid(), 'Stalled', jsonb_build_object(), now() - interval '10 minutes');
            INSERT INTO {PlatformHost.Schema}.outbox (id, message_type, body, created_at, parked_at)
                VALUES (gen_random_uuid(), 'Parked', jsonb_build_object(), now() - interval '1 day', now());
            INSERT INTO {PlatformHost.Schema}.due_jobs (job_key, kind, payload, due_at)
                VALUES ('stuck:1', 'stuck', jsonb_build_object(), now() - interval '1 hour');
            INSERT INTO {PlatformHost.Schema}.due_jobs (job_key, kind, payload, due_at)
                VALUES ('stuck:2', 'stuck', jsonb_build_object(), now() - interval '1 minute');
            INSERT INTO {PlatformHost.Schema}.due_jobs (job_key, kind, payload, due_at)
                VALUES ('stuck:later', 'stuck', jsonb_build_object(), now() + interval '1 hour');
            """);
        await using var stall = await _database.DataSource.OpenConnectionAsync();
        await using var held = await stall.BeginTransactionAsync();
        await using (var lockRows = new NpgsqlCommand($"""
            SELECT 1 FROM {PlatformHost.Schema}.outbox FOR UPDATE; SELECT 1 FROM {PlatformHost.Schema}.due_jobs FOR UPDATE
            """, stall, held))
            await lockRows.ExecuteNonQueryAsync();
        await StartAsync();

        await Eventually.HoldsAsync(async () =>
        {
            var scrape = await _host!.Management.GetStringAsync("/metrics");
            return Value(scrape, "dunning_outbox_backlog", "") == 1 && Value(scrape, "dunning_outbox_oldest_age_seconds", "") is >= 600 and < 700
                && Value(scrape, "dunning_due_jobs_overdue", "kind=\"stuck\"") == 2
                && Value(scrape, "dunning_due_jobs_lag_seconds", "kind=\"stuck\"") is >= 3600 and < 3700;
        }, Timeout, "the stalled message and the oldest overdue job show with their ages");
    }

    /// <summary>The value of <paramref name="name"/> for this service (and <paramref name="label"/>, when given); null when absent.</summary>
    private static double? Value(string scrape, string name, string label)
    {
        var line = scrape.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal)
            && l.Contains($"service=\"{PlatformHost.Schema}\"", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
