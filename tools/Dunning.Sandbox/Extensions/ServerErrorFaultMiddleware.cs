using Dunning.Sandbox.Domain;

namespace Dunning.Sandbox.Extensions;

/// <summary>
/// Fault mode status500, played where the endpoint runs (inside the idempotency layer): Stripe stores a 500 under its
/// idempotency key like any other answer of an endpoint that began executing, so a retry with the same key gets the
/// same 500 again, even after the fault has ended (docs.stripe.com/idempotency). A new key is a new request.
/// </summary>
public sealed class ServerErrorFaultMiddleware(RequestDelegate next, FaultMode faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (faults.Current.Mode != "status500")
        {
            await next(context);
            return;
        }
        context.Response.Headers["Stripe-Should-Retry"] = "true";
        await FaultMiddleware.Fail(context, 500, "api_error", null, "An unknown error occurred (sandbox fault mode status500).");
    }
}
