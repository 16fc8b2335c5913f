using System.Diagnostics.Metrics;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dunning.Platform.Telemetry;

/// <summary>
/// The Prometheus gauges <c>dunning_outbox_backlog</c> and <c>dunning_outbox_oldest_age_seconds</c> (unsent, unparked outbox
/// messages), <c>dunning_due_jobs_overdue</c> and <c>dunning_due_jobs_lag_seconds</c> (due jobs past their time and not claimed, per
/// kind; 0 for every kind this service runs that has none), per <c>service</c> (its schema). Read in one query every
/// <see cref="TelemetryOptions.BacklogInterval"/> over the partial/time indexes, so a scrape queries nothing. Every instance of a
/// service reports the same figures: aggregate with <c>max</c>.
/// </summary>
public sealed partial class BacklogGauges : BackgroundService
{
    private static readonly SharedGauge<long> OutboxBacklog = new("dunning.outbox.backlog", "{message}", "Outbox messages not yet published, per service");
    private static readonly SharedGauge<double> OutboxOldestAge = new("dunning.outbox.oldest_age", "s",
            "Age of the oldest unpublished outbox message, per service");
    private static readonly SharedGauge<long> DueJobsOverdue = new("dunning.due_jobs.overdue", "{job}",
            "Due jobs past their time and not yet claimed, per service and kind");
    private static readonly SharedGauge<double> DueJobsLag = new("dunning.due_jobs.lag", "s",
            "How long the oldest overdue job has waited, per service and kind");

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _read;
    private readonly string _service;
    private readonly string[] _kinds;
    private readonly TimeProvider _clock;
    private readonly TelemetryOptions _options;
    private readonly ILogger<BacklogGauges> _logger;
    private readonly IDisposable[] _observations;
    private volatile Backlog _backlog = Backlog.Empty;

    public BacklogGauges(NpgsqlDataSource dataSource, ServiceDatabase database, IEnumerable<IDueJobHandler> handlers, TimeProvider clock,
        IOptions<TelemetryOptions> options, ILogger<BacklogGauges> logger)
    {
        _dataSource = dataSource;
        // The due-job clock is the service's TimeProvider (as DueJobWorker claims with it), not the database's now().
        _read = $"""
            SELECT NULL, count(*), coalesce(extract(epoch FROM @now - min(created_at)), 0)::float8
            FROM {database.Table("outbox")} WHERE sent_at IS NULL AND parked_at IS NULL
            UNION ALL
            SELECT kind, count(*), extract(epoch FROM @now - min(due_at))::float8
            FROM {database.Table("due_jobs")} WHERE due_at <= @now GROUP BY kind
            """;
        _service = database.Schema;
        _kinds = handlers.Select(h => h.Kind).ToArray();
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        var service = new KeyValuePair<string, object?>("service", _service);
        _observations =
        [
            OutboxBacklog.Observe(() => [new(_backlog.OutboxMessages, service)]),
            OutboxOldestAge.Observe(() => [new(_backlog.OutboxOldestAgeSeconds, service)]),
            DueJobsOverdue.Observe(() => _backlog.DueJobs.Select(j => new Measurement<long>(j.Overdue, service, Kind(j)))),
            DueJobsLag.Observe(() => _backlog.DueJobs.Select(j => new Measurement<double>(j.LagSeconds, service, Kind(j)))),
        ];
    }

    /// <summary>The last figures read (the ops view shows them through <c>/metrics</c>).</summary>
    public Backlog Current => _backlog;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wall time, not the service's TimeProvider: a test's frozen clock must not stop the figures.
        using var timer = new PeriodicTimer(_options.BacklogInterval);
        do
        {
            try
            {
                _backlog = await ReadAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogReadFailed(exception);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<Backlog> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(_read);
        command.Parameters.AddWithValue("now", _clock.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long outbox = 0;
        double outboxAge = 0;
        var overdue = new Dictionary<string, DueJobLag>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(0))
                (outbox, outboxAge) = (reader.GetInt64(1), reader.GetDouble(2));
            else
                overdue[reader.GetString(0)] = new DueJobLag(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2));
        }
        var dueJobs = _kinds.Concat(overdue.Keys).Distinct().Order(StringComparer.Ordinal)
            .Select(kind => overdue.GetValueOrDefault(kind) ?? new DueJobLag(kind, 0, 0)).ToList();
        return new Backlog(outbox, outboxAge, dueJobs);
    }

    private static KeyValuePair<string, object?> Kind(DueJobLag lag) => new("kind", lag.Kind);

    public override void Dispose()
    {
        foreach (var observation in _observations) observation.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the outbox backlog and due-job lag")]
    private partial void LogReadFailed(Exception exception);
}
