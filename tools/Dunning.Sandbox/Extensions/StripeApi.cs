using System.Text.Json.Nodes;
using Dunning.Sandbox.Domain;

namespace Dunning.Sandbox.Extensions;

/// <summary>
/// Runs one Stripe API call: parameters in, the state change under the store's gate, <c>expand[]</c>
/// applied, and the answer (or Stripe's error) out as JSON.
/// </summary>
public sealed class StripeApi(StripeStore store, Expander expander)
{
    public async Task<IResult> RunAsync(HttpContext context, Func<StripeParams, JsonNode> call)
    {
        var p = await context.Request.ReadParamsAsync();
        try
        {
            JsonNode result;
            lock (store.Gate)
            {
                result = expander.Expand(call(p), p.List("expand"));
                result = result.DeepClone();
            }
            return Json(result, StatusCodes.Status200OK);
        }
        catch (StripeApiException e)
        {
            return Error(e);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return Error(new StripeApiException(500, new JsonObject { ["type"] = "api_error", ["message"] = "Sandbox error: " + e.Message }));
        }
    }

    public static IResult Error(StripeApiException e) => Json(e.ToBody(), e.Status);

    public static IResult Json(JsonNode body, int status) =>
        Results.Content(body.ToJsonString(), "application/json", System.Text.Encoding.UTF8, status);
}
