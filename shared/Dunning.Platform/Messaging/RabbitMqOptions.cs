using System.Globalization;

namespace Dunning.Platform.Messaging;

/// <summary>Where RabbitMQ is (section <c>RabbitMq</c>).</summary>
public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>
    /// A cluster's nodes (<c>host</c> or <c>host:port</c>, without a port <see cref="Port"/>), tried in order when connecting and
    /// reconnecting; when empty, <see cref="Host"/> alone.
    /// </summary>
    public List<string> Nodes { get; set; } = [];

    /// <summary>Classic (one node) or quorum (replicated) receive queues; ADR 014.</summary>
    public RabbitMqQueueType QueueType { get; set; } = RabbitMqQueueType.Classic;

    /// <summary>
    /// Quorum queues only: deliveries of one message (each consumer that died or gave it back counts) after which the broker
    /// moves it to the queue's <c>_error</c> queue instead of delivering it again.
    /// </summary>
    public int DeliveryLimit { get; set; } = 20;

    /// <summary>Messages each consumer endpoint fetches ahead.</summary>
    public ushort PrefetchCount { get; set; } = 32;

    /// <summary>Management API, for the ops view and tests.</summary>
    public string ManagementUrl { get; set; } = "http://127.0.0.1:15672";

    /// <summary>The nodes to connect to, in order: <see cref="Nodes"/>, or <see cref="Host"/> and <see cref="Port"/>.</summary>
    public IReadOnlyList<(string Host, int Port)> Endpoints()
    {
        if (Nodes.Count == 0)
            return [(Host, Port)];
        return Nodes.Select(node => node.Split(':') switch
        {
            [var host] => (host, (int)Port),
            [var host, var port] when int.TryParse(port, CultureInfo.InvariantCulture, out var number) => (host, number),
            _ => throw new InvalidOperationException($"RabbitMq:Nodes: '{node}' is not host or host:port."),
        }).ToList();
    }
}
