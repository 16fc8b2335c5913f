using Dunning.Platform.Messaging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Dunning.Metrics.Ops;

/// <summary>
/// Moves the messages of an <c>_error</c> queue back to its source queue over AMQP: each message is taken without
/// acknowledging, republished to the source queue with its properties and headers (waiting for the broker's confirm),
/// and only then acknowledged — a failure half-way leaves it in the error queue, never lost.
/// Messages that fail again return to the error queue and wait for the next re-drive.
/// </summary>
public sealed class ErrorQueueRedriver(IOptions<RabbitMqOptions> options)
{
    public async Task<int> RedriveAsync(string errorQueue, CancellationToken cancellationToken)
    {
        var source = QueueView.SourceOf(errorQueue) ?? throw new ArgumentException($"{errorQueue} is not an _error queue.", nameof(errorQueue));
        var rabbit = options.Value;
        var factory = new ConnectionFactory
        {
            VirtualHost = rabbit.VirtualHost, UserName = rabbit.Username, Password = rabbit.Password,
        };
        var nodes = rabbit.Endpoints().Select(node => new AmqpTcpEndpoint(node.Host, node.Port)).ToList(); // the first that answers
        await using var connection = await factory.CreateConnectionAsync(nodes, "metrics-redrive", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        // Only what is there now: a message that fails again and comes back is not re-driven twice in one click.
        var present = (await channel.QueueDeclarePassiveAsync(errorQueue, cancellationToken)).MessageCount;
        var moved = 0;
        while (moved < present && await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } message)
        {
            await channel.BasicPublishAsync("", source, mandatory: true, new BasicProperties(message.BasicProperties), message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }
        return moved;
    }
}
