using System.Net.Http.Json;
using System.Text.Json;
using Dunning.Testing;

namespace Dunning.Platform.Tests.Support;

/// <summary>A test virtual host's queues as RabbitMQ's management API shows them: how they were declared, and deliveries by hand.</summary>
public sealed class BrokerQueues(TestVirtualHost vhost)
{
    /// <summary>The queue's type (<c>classic</c>, <c>quorum</c>) and declared arguments.</summary>
    public async Task<(string Type, JsonElement Arguments)> DeclarationAsync(string queue)
    {
        using var client = TestVirtualHost.ManagementClient();
        var info = await client.GetFromJsonAsync<JsonElement>($"api/queues/{vhost.Name}/{queue}");
        return (info.GetProperty("type").GetString()!, info.GetProperty("arguments"));
    }

    /// <summary>Messages in the queue, ready or delivered and not yet acknowledged.</summary>
    public async Task<int> MessagesAsync(string queue)
    {
        using var client = TestVirtualHost.ManagementClient();
        var info = await client.GetFromJsonAsync<JsonElement>($"api/queues/{vhost.Name}/{queue}");
        return info.TryGetProperty("messages", out var messages) ? messages.GetInt32() : 0;
    }

    /// <summary>Sends <paramref name="payload"/> straight to <paramref name="queue"/> (the default exchange).</summary>
    public async Task PublishAsync(string queue, string payload)
    {
        using var client = TestVirtualHost.ManagementClient();
        var response = await client.PostAsJsonAsync($"api/exchanges/{vhost.Name}/amq.default/publish",
            new { properties = new { }, routing_key = queue, payload, payload_encoding = "string" });
        var routed = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("routed").GetBoolean();
        Assert.True(routed, $"the message reached {queue}");
    }

    /// <summary>
    /// Takes one message from the queue and gives it back, as a consumer that dies with it would (<c>reject_requeue_true</c>);
    /// its headers, or null when the queue had none.
    /// </summary>
    public Task<JsonElement?> DeliverAndGiveBackAsync(string queue) => GetAsync(queue, "reject_requeue_true");

    /// <summary>Looks at the queue's first message and leaves it there; its headers, or null when the queue had none.</summary>
    public Task<JsonElement?> PeekAsync(string queue) => GetAsync(queue, "ack_requeue_true");

    private async Task<JsonElement?> GetAsync(string queue, string ackMode)
    {
        using var client = TestVirtualHost.ManagementClient();
        var response = await client.PostAsJsonAsync($"api/queues/{vhost.Name}/{queue}/get",
            new { count = 1, ackmode = ackMode, encoding = "auto", truncate = 1000 });
        var messages = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        if (messages.GetArrayLength() == 0)
            return null;
        var properties = messages[0].GetProperty("properties");
        return properties.TryGetProperty("headers", out var headers) ? headers : JsonDocument.Parse("{}").RootElement;
    }
}
