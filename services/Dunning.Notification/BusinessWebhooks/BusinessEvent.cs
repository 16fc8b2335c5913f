using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Dunning.Notification.BusinessWebhooks;

/// <summary>
/// One effect told to the business, shaped like a Stripe event (<c>id</c>, <c>object</c>, <c>type</c>, <c>created</c>,
/// <c>data.object</c>). Its id comes from the effect alone, so every retry and every redelivery of the message behind it
/// carries the same id, and a receiver that remembers ids acts once.
/// </summary>
public sealed record BusinessEvent(string Id, string Type, DateTimeOffset Created, string InvoiceId, string CustomerId, JsonObject Case)
{
    public static BusinessEvent Of(string type, string effectKey, DateTimeOffset created, string invoiceId, string customerId, JsonObject caseFields)
    {
        var id = $"evt_dun_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{type}\n{effectKey}")))[..24]}";
        var data = new JsonObject { ["object"] = "dunning_case", ["invoice"] = invoiceId, ["customer"] = customerId };
        foreach (var (name, value) in caseFields) data[name] = value?.DeepClone();
        return new BusinessEvent(id, type, created, invoiceId, customerId, data);
    }

    public string ToJson() => new JsonObject
    {
        ["id"] = Id,
        ["object"] = "event",
        ["type"] = Type,
        ["created"] = Created.ToUnixTimeSeconds(),
        ["data"] = new JsonObject { ["object"] = Case.DeepClone() },
    }.ToJsonString();
}
