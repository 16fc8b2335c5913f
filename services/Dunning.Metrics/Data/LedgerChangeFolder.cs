using Dunning.Platform.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dunning.Metrics.Data;

/// <summary>
/// Folds the ledger and subscription changes the consumers append into the aggregates every <see cref="MetricsOptions.FoldInterval"/>, so
/// the reports' share of not-yet-folded changes stays small. One instance folds at a time (an advisory lock); the
/// others skip that round.
/// </summary>
public sealed class LedgerChangeFolder(NpgsqlDataSource dataSource, ServiceDatabase database, IOptions<MetricsOptions> options, TimeProvider time,
    ILogger<LedgerChangeFolder> logger) : BackgroundService
{
    private readonly string _fold = $"""
        SELECT CASE WHEN pg_try_advisory_xact_lock(hashtext('{database.Schema}.fold_ledger_changes'))
                    THEN {database.Schema}.fold_ledger_changes() + {database.Schema}.fold_subscription_changes() END
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FoldInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await FoldAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Could not fold the ledger changes into the aggregates"); }
        }
    }

    /// <summary>Folds every change committed so far; returns how many (null when another instance is folding).</summary>
    public async Task<long?> FoldAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_fold);
        return await command.ExecuteScalarAsync(cancellationToken) is long folded ? folded : null;
    }
}
