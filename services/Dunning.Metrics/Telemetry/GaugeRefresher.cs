using Dunning.Metrics.Ops;
using Microsoft.Extensions.Options;

namespace Dunning.Metrics.Telemetry;

/// <summary>Refreshes the gauges' snapshot every few seconds, so a Prometheus scrape never queries anything.</summary>
public sealed class GaugeRefresher(IServiceScopeFactory scopes, LedgerTotalsQuery totals, MetricsGauges gauges, IOptions<MetricsOptions> options,
    ILogger<GaugeRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.GaugeRefreshInterval);
        do
        {
            try { await RefreshAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Could not refresh the metrics gauges"); }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var rabbit = scope.ServiceProvider.GetRequiredService<RabbitManagementClient>();
        var queues = await rabbit.QueuesAsync(cancellationToken);
        var lag = queues.Where(q => q.Name.StartsWith("metrics-", StringComparison.Ordinal) && !q.IsErrorQueue)
            .Select(q => (q.Name, q.MessagesReady)).ToList();
        var errorQueues = queues.Where(q => q.IsErrorQueue).Select(q => (q.Name, q.Messages)).ToList();
        gauges.Update(await totals.ReadAsync(cancellationToken), lag, errorQueues);
    }
}
