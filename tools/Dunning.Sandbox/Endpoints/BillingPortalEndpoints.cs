using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Extensions;
using Microsoft.Extensions.Options;

namespace Dunning.Sandbox.Endpoints;

public static class BillingPortalEndpoints
{
    public static void MapBillingPortal(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/billing_portal/sessions", (HttpContext ctx, StripeApi api, StripeStore store, SandboxClock clock, IOptions<SandboxOptions> options) =>
            api.RunAsync(ctx, p =>
            {
                var customer = store.Get("customer", p.Required("customer"), "customer");
                var session = Fixtures.New("billing_portal_session");
                var id = Ids.New("bps");
                session["id"] = id;
                session["created"] = clock.NowFor(customer);
                session["customer"] = customer.Str("id");
                session["locale"] = p.Get("locale");
                session["return_url"] = p.Get("return_url");
                session["url"] = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/sandbox/hosted/portal/{id}";
                return store.Add(session);
            }));
    }
}
