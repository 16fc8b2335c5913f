using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dunning.Platform.Messaging;
using Microsoft.Extensions.Options;

namespace Dunning.Metrics.Ops;

/// <summary>The RabbitMQ management API of the service's own virtual host: queue list and error-queue re-drive.</summary>
public sealed class RabbitManagementClient(HttpClient http, IOptions<RabbitMqOptions> options)
{
    private const int RedriveBatch = 100;
    private string VirtualHost => Uri.EscapeDataString(options.Value.VirtualHost);

    public static void Configure(HttpClient http, RabbitMqOptions rabbit)
    {
        http.BaseAddress = new Uri(rabbit.ManagementUrl.TrimEnd('/') + "/");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{rabbit.Username}:{rabbit.Password}")));
    }

    public async Task<IReadOnlyList<QueueView>> QueuesAsync(CancellationToken cancellationToken)
    {
        var queues = await http.GetFromJsonAsync<JsonArray>($"api/queues/{VirtualHost}", cancellationToken) ?? [];
        return queues.OfType<JsonObject>().Select(ToView).OrderBy(q => q.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Moves every message of <paramref name="errorQueue"/> back to its source queue, properties and headers kept.
    /// Each message is taken (acked) then republished; returns how many moved.
    /// </summary>
    public async Task<int> RedriveAsync(string errorQueue, CancellationToken cancellationToken)
    {
        var source = QueueView.SourceOf(errorQueue) ?? throw new ArgumentException($"{errorQueue} is not an _error queue.", nameof(errorQueue));
        var moved = 0;
        while (true)
        {
            var batch = await TakeAsync(errorQueue, cancellationToken);
            foreach (var message in batch)
            {
                await RepublishAsync(source, message, cancellationToken);
                moved++;
            }
            if (batch.Count < RedriveBatch) return moved;
        }
    }

    public async Task<bool> QueueExistsAsync(string queue, CancellationToken cancellationToken) =>
        (await http.GetAsync($"api/queues/{VirtualHost}/{Uri.EscapeDataString(queue)}", cancellationToken)).IsSuccessStatusCode;

    private async Task<List<JsonObject>> TakeAsync(string queue, CancellationToken cancellationToken)
    {
        var response = await http.PostAsJsonAsync($"api/queues/{VirtualHost}/{Uri.EscapeDataString(queue)}/get",
            new { count = RedriveBatch, ackmode = "ack_requeue_false", encoding = "base64" }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonArray>(cancellationToken) ?? []).OfType<JsonObject>().ToList();
    }

    private async Task RepublishAsync(string queue, JsonObject message, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["properties"] = message["properties"]?.DeepClone() ?? new JsonObject(),
            ["routing_key"] = queue,
            ["payload"] = message["payload"]?.DeepClone(),
            ["payload_encoding"] = message["payload_encoding"]?.DeepClone() ?? "base64",
        };
        var response = await http.PostAsJsonAsync($"api/exchanges/{VirtualHost}/amq.default/publish", body, cancellationToken);
        response.EnsureSuccessStatusCode();
        var routed = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        if (routed?["routed"]?.GetValue<bool>() != true)
            throw new InvalidOperationException($"RabbitMQ did not route the re-driven message to {queue}.");
    }

    private static QueueView ToView(JsonObject queue)
    {
        var name = queue["name"]!.GetValue<string>();
        var stats = queue["message_stats"] as JsonObject;
        return new QueueView(name, Long(queue, "messages"), Long(queue, "messages_ready"), Long(queue, "messages_unacknowledged"),
            Long(queue, "consumers"), Rate(stats, "publish_details"), Rate(stats, "deliver_get_details"),
            QueueView.SourceOf(name) is not null, QueueView.SourceOf(name));
    }

    private static long Long(JsonObject node, string name) => node[name] is JsonValue v && v.TryGetValue<long>(out var l) ? l : 0;

    private static double Rate(JsonObject? stats, string name) =>
        stats?[name] is JsonObject details && details["rate"] is JsonValue v && v.TryGetValue<double>(out var rate) ? rate : 0;

}
