namespace Dunning.Platform.Messaging;

/// <summary>How the services' receive queues are declared (<c>RabbitMq:QueueType</c>).</summary>
public enum RabbitMqQueueType
{
    /// <summary>RabbitMQ's classic queues: one node, what the services always used (ADR 014).</summary>
    Classic,

    /// <summary>Quorum queues, replicated over the cluster's nodes, with a delivery limit (ADR 014).</summary>
    Quorum,
}
