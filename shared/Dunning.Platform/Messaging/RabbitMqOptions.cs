namespace Dunning.Platform.Messaging;

/// <summary>Where RabbitMQ is (section <c>RabbitMq</c>).</summary>
public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>Messages each consumer endpoint fetches ahead.</summary>
    public ushort PrefetchCount { get; set; } = 32;

    /// <summary>Management API, for the ops view and tests.</summary>
    public string ManagementUrl { get; set; } = "http://127.0.0.1:15672";
}
