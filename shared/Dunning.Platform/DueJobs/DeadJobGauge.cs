using System.Diagnostics.Metrics;
using Dunning.Platform.Data;
using Dunning.Platform.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dunning.Platform.DueJobs;

/// <summary>
/// The Prometheus gauge <c>dunning_due_jobs_dead</c>: dead jobs per <c>service</c> (its schema) and <c>kind</c>, 0 for every kind
/// this service runs that has none. Counted in the background (every <see cref="DueJobOptions.DeadCountInterval"/>, and at once
/// when this process marks or re-runs a dead job), so a scrape queries nothing. Every instance of a service reports the same
/// count: aggregate with <c>max</c>, not <c>sum</c>.
/// </summary>
public sealed partial class DeadJobGauge : BackgroundService
{
    public const string InstrumentName = "dunning.due_jobs.dead";

    private static readonly SharedGauge<long> Dead = new(InstrumentName, "{job}",
            "Due jobs that failed permanently and wait for a re-run, per service and kind");
    private readonly IDisposable _observation;
    private readonly DueJobSignal _recount = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _count;
    private readonly TimeProvider _clock;
    private readonly DueJobOptions _options;
    private readonly ILogger<DeadJobGauge> _logger;
    private readonly string[] _kinds;
    private volatile IReadOnlyDictionary<string, long> _counts = new Dictionary<string, long>();

    public DeadJobGauge(NpgsqlDataSource dataSource, ServiceDatabase database, IEnumerable<IDueJobHandler> handlers, TimeProvider clock,
        IOptions<DueJobOptions> options, ILogger<DeadJobGauge> logger)
    {
        _dataSource = dataSource;
        _count = $"SELECT kind, count(*) FROM {database.Table("due_jobs")} WHERE dead_at IS NOT NULL GROUP BY kind";
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        _kinds = handlers.Select(h => h.Kind).ToArray();
        _observation = Dead.Observe(() => Measurements(database.Schema));
    }

    /// <summary>The last count per kind (every kind this service runs, 0 when none is dead).</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>Counts again now rather than at the next interval.</summary>
    public void Recount() => _recount.Pulse();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var counts = await CountAsync(stoppingToken);
                _counts = _kinds.Concat(counts.Keys).Distinct().ToDictionary(kind => kind, kind => counts.GetValueOrDefault(kind));
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogCountFailed(exception);
            }
            await _recount.WaitAsync(_options.DeadCountInterval, _clock, stoppingToken);
        }
    }

    private async Task<Dictionary<string, long>> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(_count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, long>();
        while (await reader.ReadAsync(cancellationToken))
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    private IEnumerable<Measurement<long>> Measurements(string service) =>
        _counts.Select(c => new Measurement<long>(c.Value,
            new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("kind", c.Key)));

    public override void Dispose()
    {
        _observation.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not count the dead due jobs")]
    private partial void LogCountFailed(Exception exception);
}
