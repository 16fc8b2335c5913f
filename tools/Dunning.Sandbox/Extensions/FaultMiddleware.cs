using System.Text.Json.Nodes;
using Dunning.Sandbox.Domain;

namespace Dunning.Sandbox.Extensions;

/// <summary>
/// Plays the current fault mode (see <see cref="FaultMode"/>) on /v1 requests, before the idempotency layer: a 429 comes
/// from Stripe's rate limiter, which "runs before the API's idempotency layer" (docs.stripe.com/error-low-level), so it is
/// never stored under a key. status500 is played inside that layer instead (<see cref="ServerErrorFaultMiddleware"/>).
/// </summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultMode faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var fault = faults.Current;
        switch (fault.Mode)
        {
            case "status429":
                context.Response.Headers.RetryAfter = "1";
                await Fail(context, 429, "invalid_request_error", "rate_limit",
                    "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.");
                return;
            case "slow":
                await Task.Delay(fault.DelayMs, context.RequestAborted);
                break;
            case "hang":
                await HangAsync(fault, context.RequestAborted);
                break;
            case "lateAnswer":
                await AnswerLateAsync(fault, context);
                return;
        }
        await next(context);
    }

    /// <summary>The request takes effect now; its answer leaves <c>delayMs</c> later, or never when the client gave up first.</summary>
    private async Task AnswerLateAsync(FaultSetting fault, HttpContext context)
    {
        var body = context.Response.Body;
        using var answer = new MemoryStream();
        context.Response.Body = answer;
        await next(context);
        context.Response.Body = body;
        try
        {
            await Task.Delay(fault.DelayMs, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client timed out: the effect stands, the answer is lost
        }
        answer.Position = 0;
        await answer.CopyToAsync(body, context.RequestAborted);
    }

    private async Task HangAsync(FaultSetting fault, CancellationToken aborted)
    {
        while (!aborted.IsCancellationRequested && faults.Current == fault)
        {
            await Task.Delay(200, aborted);
        }
    }

    internal static Task Fail(HttpContext context, int status, string type, string? code, string message) =>
        StripeApi.Error(new StripeApiException(status, new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message })).ExecuteAsync(context);
}
