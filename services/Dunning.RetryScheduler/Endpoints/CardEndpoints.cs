using Dunning.Platform.Data;
using Dunning.Platform.Http;
using Dunning.RetryScheduler.Data;
using Dunning.RetryScheduler.Domain;
using Microsoft.Extensions.Options;

namespace Dunning.RetryScheduler.Endpoints;

/// <summary>
/// The card compliance API (API key, as the ops API): <c>GET /api/cards/{fingerprint}/compliance[?from=&amp;to=]</c>, a card's attempts
/// against each network rule in force, the attempts over a limit (fees incurred) and the attempts of ours the rules held back (fees
/// avoided). See docs/network-rules.md.
/// </summary>
public static class CardEndpoints
{
    public static IEndpointRouteBuilder MapCardEndpoints(this IEndpointRouteBuilder app)
    {
        var cards = app.MapGroup("/api/cards").RequireApiKey();
        cards.MapGet("/{fingerprint}/compliance", ComplianceAsync);
        return app;
    }

    private static async Task<IResult> ComplianceAsync(string fingerprint, string? from, string? to, UnitsOfWork unitsOfWork, CaseRepository cases,
        IOptionsMonitor<RetryPolicyOptions> policy, TimeProvider clock, CancellationToken ct)
    {
        var (period, problem) = CompliancePeriod.Read(from, to, clock.GetUtcNow());
        if (period is null)
            return Results.BadRequest(new { error = problem });
        var card = await unitsOfWork.RunAsync((unit, token) => cases.CardHistoryAsync(unit, fingerprint, period.From, period.To, token), ct);
        return Results.Ok(CardCompliance.Of(card, policy.CurrentValue, period.From, period.To));
    }
}
