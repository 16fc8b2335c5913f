using System.Text.Json;
using Dunning.Platform.Data;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dunning.Platform.Outbox;

/// <summary>
/// Publishes committed outbox rows to RabbitMQ: claims a batch with <c>FOR UPDATE SKIP LOCKED</c>
/// (so any number of relays share the work without overlap), publishes each row with its stored
/// message id under a timeout, and marks the published rows sent in the same transaction. A crash before
/// the commit leaves the rows unsent, to be published again with the same ids (consumers dedupe).
/// Failures are per row: a row whose publish failed keeps its attempts and last error and goes again; a row that can
/// never be published (a message type this build does not know, a body that does not parse) is parked; the rest go out.
/// </summary>
public sealed partial class OutboxRelay(
    NpgsqlDataSource dataSource,
    ServiceDatabase database,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;
    private readonly string _claim = $"""
        SELECT id, message_type, body::text FROM {database.Table("outbox")}
        WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY created_at LIMIT @batch
        FOR UPDATE SKIP LOCKED
        """;
    private readonly string _markSent = $"UPDATE {database.Table("outbox")} SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY(@ids)";
    private readonly string _markFailed = $"""
        UPDATE {database.Table("outbox")} o SET attempts = o.attempts + 1, last_error = f.error,
            parked_at = CASE WHEN f.permanent THEN now() ELSE NULL END
        FROM unnest(@ids, @errors, @permanent) AS f (id, error, permanent) WHERE o.id = f.id
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await RelayBatchAsync(stoppingToken);
                failures = 0;
                if (published < _options.BatchSize)
                    await signal.WaitAsync(_options.IdleDelay, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                var backoff = TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * Math.Pow(2, Math.Min(failures, 6))));
                LogRelayFailed(exception, backoff);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Publishes one batch; returns how many rows it published.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = await ClaimAsync(transaction, cancellationToken);
        if (rows.Count == 0)
            return 0;

        var outcomes = await PublishAsync(rows, cancellationToken);
        var sent = outcomes.Where(o => o.Error is null).Select(o => o.Id).ToArray();
        var failed = outcomes.Where(o => o.Error is not null).ToList();

        await using (var mark = new NpgsqlCommand(_markSent, connection, transaction))
        {
            mark.Parameters.AddWithValue("ids", sent);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }
        if (failed.Count > 0)
        {
            await using var markFailed = new NpgsqlCommand(_markFailed, connection, transaction);
            markFailed.Parameters.AddWithValue("ids", failed.Select(f => f.Id).ToArray());
            markFailed.Parameters.AddWithValue("errors", failed.Select(f => f.Error!).ToArray());
            markFailed.Parameters.AddWithValue("permanent", failed.Select(f => f.Permanent).ToArray());
            await markFailed.ExecuteNonQueryAsync(cancellationToken);
            foreach (var f in failed.Where(f => f.Permanent)) LogParked(f.Id, f.Error!);
        }
        await transaction.CommitAsync(cancellationToken);
        if (sent.Length == 0 && failed.Any(f => !f.Permanent))
            throw new InvalidOperationException($"No outbox row of the batch could be published: {failed.First(f => !f.Permanent).Error}");
        return sent.Length;
    }

    private async Task<List<OutboxRow>> ClaimAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var claim = new NpgsqlCommand(_claim, transaction.Connection, transaction);
        claim.Parameters.AddWithValue("batch", _options.BatchSize);
        var rows = new List<OutboxRow>();
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new OutboxRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        return rows;
    }

    private async Task<PublishOutcome[]> PublishAsync(List<OutboxRow> rows, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        return await Task.WhenAll(rows.Select(row => PublishAsync(row, timeout.Token, cancellationToken)));
    }

    private async Task<PublishOutcome> PublishAsync(OutboxRow row, CancellationToken timeout, CancellationToken stopping)
    {
        Type type;
        object message;
        try
        {
            type = ContractTypes.Resolve(row.MessageType);
            message = JsonSerializer.Deserialize(row.Body, type, MessageJson.Options)
                ?? throw new JsonException($"Outbox row {row.Id} has an empty body");
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException or NotSupportedException)
        {
            return new PublishOutcome(row.Id, ex.Message, Permanent: true);
        }
        try
        {
            await bus.Publish(message, type, context => context.MessageId = row.Id, timeout);
            return new PublishOutcome(row.Id, null, false);
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            return new PublishOutcome(row.Id, $"{ex.GetType().Name}: {ex.Message}", Permanent: false);
        }
    }

    private sealed record PublishOutcome(Guid Id, string? Error, bool Permanent);

    private sealed record OutboxRow(Guid Id, string MessageType, string Body);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Id} can never be published and is parked: {Error}")]
    private partial void LogParked(Guid id, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay failed; retrying in {Backoff}")]
    private partial void LogRelayFailed(Exception exception, TimeSpan backoff);
}
