using System.Text.Json.Nodes;
using Dunning.Sandbox.Domain;

namespace Dunning.Sandbox.Endpoints;

/// <summary>
/// The sandbox's own record, for tests and drills: pay calls, webhook deliveries, invoice states, and the webhooks Dunning sent
/// to the demo business endpoint.
/// </summary>
public static class RecordEndpoints
{
    public static void MapRecord(this IEndpointRouteBuilder sandbox)
    {
        sandbox.MapGet("/record/pay-calls", (SandboxRecord record, string? invoice) =>
            Results.Ok(record.PayCalls().Where(c => invoice is null || c.Invoice == invoice)));
        sandbox.MapGet("/record/webhooks", (SandboxRecord record, string? type, string? eventId) =>
            Results.Ok(record.Deliveries().Where(d => (type is null || d.Type == type) && (eventId is null || d.EventId == eventId))));
        sandbox.MapGet("/record/business-webhooks", (SandboxRecord record) => Results.Ok(record.BusinessWebhooks()));
        sandbox.MapGet("/record/invoices", (StripeStore store, string? status) =>
        {
            lock (store.Gate)
            {
                var rows = store.All("invoice").Where(i => status is null || i.Str("status") == status).Select(Summary).ToList();
                return Results.Content(new JsonArray([.. rows]).ToJsonString(), "application/json");
            }
        });
    }

    private static JsonNode Summary(JsonObject invoice) => new JsonObject
    {
        ["id"] = invoice.Str("id"),
        ["status"] = invoice.Str("status"),
        ["customer"] = invoice.Str("customer"),
        ["subscription"] = invoice["parent"]?["subscription_details"]?["subscription"]?.DeepClone(),
        ["amount_due"] = invoice.Long("amount_due"),
        ["amount_paid"] = invoice.Long("amount_paid"),
        ["currency"] = invoice.Str("currency"),
        ["attempt_count"] = invoice.Long("attempt_count"),
        ["billing_reason"] = invoice.Str("billing_reason"),
        ["customer_email"] = invoice.Str("customer_email"),
        ["created"] = invoice.Long("created"),
    };
}
