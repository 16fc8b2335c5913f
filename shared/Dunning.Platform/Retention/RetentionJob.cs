using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dunning.Platform.Retention;

/// <summary>
/// Purges what a service keeps only for a while (<see cref="RetentionPurge"/>s), at start and then every
/// <see cref="RetentionOptions.Interval"/>, in batches so no statement holds many row locks. Several instances may run it at once:
/// each statement only deletes or clears what is old enough, so doing it twice changes nothing.
/// </summary>
public sealed partial class RetentionJob(
    NpgsqlDataSource dataSource,
    IEnumerable<RetentionPurge> purges,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionJob> logger) : BackgroundService
{
    public const int BatchSize = 5000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                LogFailed(exception, options.Value.Interval);
            }
            await Task.Delay(options.Value.Interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Runs every purge to the end; returns how many rows each touched.</summary>
    public async Task<IReadOnlyDictionary<string, int>> PurgeAsync(CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, int>();
        foreach (var purge in purges)
        {
            int purged, total = 0;
            do
            {
                await using var command = dataSource.CreateCommand(purge.Sql);
                command.Parameters.AddWithValue("keep", purge.Keep(options.Value));
                command.Parameters.AddWithValue("batch", BatchSize);
                purged = await command.ExecuteNonQueryAsync(cancellationToken);
                total += purged;
            }
            while (purged == BatchSize);
            totals[purge.What] = total;
            if (total > 0)
                LogPurged(total, purge.What, purge.Keep(options.Value));
        }
        return totals;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: purged {Count} {What} older than {Keep}")]
    private partial void LogPurged(int count, string what, TimeSpan keep);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention purge failed; trying again in {Interval}")]
    private partial void LogFailed(Exception exception, TimeSpan interval);
}
