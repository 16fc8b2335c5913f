using System.Text.Json.Nodes;
using Dunning.Sandbox.Domain;

namespace Dunning.Sandbox.Extensions;

/// <summary>
/// Any test key (<c>sk_test_...</c> or <c>rk_test_...</c>) is accepted on /v1, as a bearer token or, as in Stripe's curl
/// examples (<c>curl -u sk_test_...:</c>), as the user name of basic authentication; anything else is a 401 as Stripe gives.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim()
            : header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) ? BasicUserName(header[6..].Trim())
            : "";
        if (key.StartsWith("sk_test_", StringComparison.Ordinal) || key.StartsWith("rk_test_", StringComparison.Ordinal))
        {
            RequestInfo.Current = new RequestInfo(Ids.New("req", 14), context.Request.Headers["Idempotency-Key"].FirstOrDefault());
            context.Response.Headers["Request-Id"] = RequestInfo.Current.Id;
            await next(context);
            return;
        }
        var error = new StripeApiException(401, new JsonObject
        {
            ["type"] = "invalid_request_error",
            ["message"] = key.Length == 0
                ? "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth."
                : "Invalid API Key provided: the sandbox accepts test keys only (sk_test_...).",
        });
        await StripeApi.Error(error).ExecuteAsync(context);
    }

    private static string BasicUserName(string credentials)
    {
        try
        {
            var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(credentials));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? decoded : decoded[..colon];
        }
        catch (FormatException)
        {
            return "";
        }
    }
}
