using Dunning.BillingWebhook.Data;
using Dunning.BillingWebhook.Domain;

namespace Dunning.BillingWebhook.Endpoints;

public static class StripeWebhookEndpoint
{
    public const string Path = "/webhooks/stripe";

    /// <summary><c>POST /webhooks/stripe</c>: verify, store once with its outgoing messages, then answer 200; other methods 405.</summary>
    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync);
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch, HttpMethods.Head, HttpMethods.Options],
            MethodNotAllowed);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, StripeSignatureVerifier verifier, StripeEventStore store,
            CancellationToken cancellationToken)
    {
        if (await LimitedBody.ReadAsync(request, cancellationToken) is not { } body)
            return Reject(WebhookRejections.TooLarge, StatusCodes.Status413PayloadTooLarge,
                $"Body is larger than {LimitedBody.MaxBytes} bytes; Stripe events are far smaller.");
        if (verifier.Verify(body, request.Headers["Stripe-Signature"]) is { } signatureError)
            return Reject(WebhookRejections.Signature, StatusCodes.Status400BadRequest, signatureError);
        if (StripeEvent.TryParse(body, out var parseError) is not { } stripeEvent)
            return Reject(WebhookRejections.Parse, StatusCodes.Status400BadRequest, parseError!);

        var isNew = await store.StoreAsync(stripeEvent, body, cancellationToken);
        return Results.Ok(new { received = true, duplicate = !isNew, id = stripeEvent.Id });
    }

    private static IResult MethodNotAllowed(HttpResponse response)
    {
        response.Headers.Allow = HttpMethods.Post;
        return Reject(WebhookRejections.Method, StatusCodes.Status405MethodNotAllowed, $"Only POST is accepted on {Path}.");
    }

    private static IResult Reject(string counted, int status, string reason)
    {
        WebhookRejections.Count(counted);
        return Results.Json(new { error = reason }, statusCode: status);
    }
}
