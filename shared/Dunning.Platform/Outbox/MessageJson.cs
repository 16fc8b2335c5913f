using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dunning.Platform.Outbox;

/// <summary>The one JSON shape for messages stored in outboxes (enums as strings).</summary>
public static class MessageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
