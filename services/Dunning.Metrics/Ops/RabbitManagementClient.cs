using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dunning.Platform.Messaging;
using Microsoft.Extensions.Options;

namespace Dunning.Metrics.Ops;

/// <summary>The RabbitMQ management API of the service's own virtual host: queues with depth, consumers and rates.</summary>
public sealed class RabbitManagementClient(HttpClient http, IOptions<RabbitMqOptions> options)
{
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

    public async Task<bool> QueueExistsAsync(string queue, CancellationToken cancellationToken) =>
        (await http.GetAsync($"api/queues/{VirtualHost}/{Uri.EscapeDataString(queue)}", cancellationToken)).IsSuccessStatusCode;

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
