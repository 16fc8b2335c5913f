using Dunning.Notification.Data;
using Dunning.Platform.Data;
using Dunning.Platform.Http;

namespace Dunning.Notification.Endpoints;

/// <summary>
/// <c>GET /api/customers/{id}/standing</c> (API key): where a customer stands, so the business's own application can keep
/// access while dunning runs and cut it when it ends. A customer never in dunning is simply not in dunning (200).
/// </summary>
public static class StandingEndpoints
{
    public static WebApplication MapStanding(this WebApplication app)
    {
        app.MapGet("/api/customers/{customerId}/standing", StandingAsync).RequireApiKey();
        return app;
    }

    private static async Task<IResult> StandingAsync(string customerId, UnitsOfWork units, StandingStore standings, CancellationToken cancellationToken)
    {
        customerId = customerId.Trim();
        if (!customerId.StartsWith("cus_", StringComparison.Ordinal) || customerId.Length > 255)
            return Results.BadRequest(new { error = "Give a Stripe customer id: /api/customers/cus_.../standing" });
        return Results.Ok(await units.RunAsync((unit, token) => standings.ReadAsync(unit, customerId, token), cancellationToken));
    }
}
