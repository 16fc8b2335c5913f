using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Extensions;

namespace Dunning.Sandbox.Endpoints;

public static class TestClockEndpoints
{
    public static void MapTestClocks(this IEndpointRouteBuilder v1)
    {
        const string Path = "/test_helpers/test_clocks";
        v1.MapPost(Path, (HttpContext ctx, StripeApi api, TestClocks clocks) => api.RunAsync(ctx, clocks.Create));
        v1.MapGet(Path, (HttpContext ctx, StripeApi api, StripeStore store) =>
            api.RunAsync(ctx, p => StripeList.Page(store.All("test_helpers.test_clock"), p, "/v1" + Path)));
        v1.MapGet(Path + "/{id}", (string id, HttpContext ctx, StripeApi api, TestClocks clocks) =>
            api.RunAsync(ctx, _ => clocks.Get(id)));
        v1.MapPost(Path + "/{id}/advance", (string id, HttpContext ctx, StripeApi api, TestClocks clocks) =>
            api.RunAsync(ctx, p => clocks.Advance(id, p)));
    }
}
