using System.Text.Json.Nodes;
using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Extensions;
using Dunning.Sandbox.Webhooks;

namespace Dunning.Sandbox.Endpoints;

/// <summary>
/// /v1/webhook_endpoints: the secret (whsec_...) is returned on create only, as Stripe does. <c>api_version</c> is kept
/// (null when not given: the endpoint follows the account's version) and stamped on the events it is sent.
/// </summary>
public static class WebhookEndpointEndpoints
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/webhook_endpoints", (HttpContext ctx, StripeApi api, StripeStore store, SandboxClock clock, WebhookTargets targets) =>
            api.RunAsync(ctx, p =>
            {
                var events = p.List("enabled_events");
                if (events.Count == 0)
                    throw StripeApiException.InvalidRequest("Missing required param: enabled_events.", "enabled_events", "parameter_missing");
                var endpoint = Fixtures.New("webhook_endpoint");
                var id = Ids.New("we");
                var secret = Ids.New("whsec", 32);
                endpoint["id"] = id;
                endpoint["created"] = clock.RealNow();
                endpoint["url"] = p.Required("url");
                endpoint["description"] = p.Get("description");
                endpoint["api_version"] = p.Get("api_version");
                endpoint["enabled_events"] = new JsonArray(events.Select(e => (JsonNode)e).ToArray());
                endpoint["metadata"] = Metadata.Merge(null, p);
                store.Add(endpoint);
                targets.Add(new WebhookTarget(id, endpoint.Str("url")!, secret, events, endpoint.Str("api_version")));
                var answer = (JsonObject)endpoint.DeepClone();
                answer["secret"] = secret;
                return answer;
            }));
        v1.MapGet("/webhook_endpoints", (HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, p => StripeList.Page(store.All("webhook_endpoint").Where(e => e.Str("status") == "enabled"), p, "/v1/webhook_endpoints")));
        v1.MapGet("/webhook_endpoints/{id}", (string id, HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, _ => store.Get("webhook_endpoint", id)));
        v1.MapDelete("/webhook_endpoints/{id}", (string id, HttpContext ctx, StripeApi api, StripeStore store, WebhookTargets targets) =>
            api.RunAsync(ctx, _ =>
            {
                var endpoint = store.Get("webhook_endpoint", id);
                endpoint["status"] = "disabled";
                targets.Remove(id);
                return new JsonObject { ["id"] = id, ["object"] = "webhook_endpoint", ["deleted"] = true };
            }));
    }
}
