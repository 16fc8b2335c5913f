using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Extensions;
using Microsoft.AspNetCore.Mvc;

namespace Dunning.Sandbox.Endpoints;

/// <summary>
/// POST /sandbox/card_updater/{paymentMethodId}?exp_month=&amp;exp_year=&amp;last4=&amp;card=: plays the card network's
/// account updater on a saved card (see <see cref="CardUpdater"/>) and answers the updated payment method.
/// </summary>
public static class CardUpdaterEndpoints
{
    public static void MapCardUpdater(this IEndpointRouteBuilder sandbox)
    {
        sandbox.MapPost("/card_updater/{paymentMethodId}", (string paymentMethodId,
            [FromQuery(Name = "exp_month")] long? expMonth, [FromQuery(Name = "exp_year")] long? expYear, string? last4, string? card,
            StripeStore store, CardUpdater updater) =>
        {
            try
            {
                lock (store.Gate)
                {
                    return StripeApi.Json(updater.Update(paymentMethodId, expMonth, expYear, last4, card).DeepClone(), StatusCodes.Status200OK);
                }
            }
            catch (StripeApiException e)
            {
                return StripeApi.Error(e);
            }
        });
    }
}
