using MassTransit;

namespace Dunning.Platform.Messaging;

/// <summary>
/// Receive queues as quorum queues (<c>RabbitMq:QueueType=quorum</c>, ADR 014): replicated, so a node's death loses no message,
/// and limited in deliveries, so a message whose consumer keeps dying (the broker redelivers it each time; MassTransit's retry
/// never sees it fail) is dead-lettered to the queue's own <c>_error</c> queue instead of looping. A message that fails in the
/// consumer still reaches <c>_error</c> the usual way, once: MassTransit retries it in memory and then moves it and acknowledges it,
/// which counts as one delivery.
/// </summary>
public static class QuorumQueues
{
    private const string DeliveryLimit = "x-delivery-limit";
    private const string DeadLetterExchange = "x-dead-letter-exchange";

    public static void Apply(IRabbitMqReceiveEndpointConfigurator endpoint, string queueName, int deliveryLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(deliveryLimit, 1);
        endpoint.SetQuorumQueue();
        endpoint.SetQueueArgument(DeliveryLimit, deliveryLimit);
        // Declared with the endpoint, not when the first fault is moved: the broker drops a message dead-lettered to a missing exchange.
        // Declared as MassTransit's error transport declares it (fanout exchange, quorum queue, no further arguments), or one of them fails.
        var error = queueName + "_error";
        endpoint.BindDeadLetterQueue(error, error, queue => queue.SetQuorumQueue());
    }

    /// <summary>
    /// MassTransit declares an endpoint's <c>_error</c> and <c>_skipped</c> queues with the endpoint's arguments: without the delivery
    /// limit and the dead-letter exchange, or a parked message peeked too often would be dead-lettered (to itself).
    /// </summary>
    public static void KeepParkedMessages(IRabbitMqBusFactoryConfigurator bus)
    {
        bus.SendTopology.ConfigureErrorSettings = WithoutDeliveryLimit;
        bus.SendTopology.ConfigureDeadLetterSettings = WithoutDeliveryLimit;
    }

    private static void WithoutDeliveryLimit(IRabbitMqQueueBindingConfigurator queue)
    {
        queue.SetQueueArgument(DeliveryLimit, null);
        queue.SetQueueArgument(DeadLetterExchange, null);
    }
}
