using Dunning.BillingWebhook.Data;
using Dunning.BillingWebhook.Domain;

namespace Dunning.BillingWebhook.Endpoints;

public static class StripeWebhookEndpoint
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary><c>POST /webhooks/stripe</c>: verify, store once with its outgoing messages, then answer 200.</summary>
    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/stripe", ReceiveAsync);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, StripeSignatureVerifier verifier, StripeEventStore store, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
            return Reject(StatusCodes.Status413PayloadTooLarge, $"Body is larger than {MaxBodyBytes} bytes.");
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);

        if (verifier.Verify(body, request.Headers["Stripe-Signature"]) is { } signatureError)
            return Reject(StatusCodes.Status400BadRequest, signatureError);
        if (StripeEvent.TryParse(body, out var parseError) is not { } stripeEvent)
            return Reject(StatusCodes.Status400BadRequest, parseError!);

        var isNew = await store.StoreAsync(stripeEvent, body, cancellationToken);
        return Results.Ok(new { received = true, duplicate = !isNew, id = stripeEvent.Id });
    }

    private static IResult Reject(int status, string reason) => Results.Json(new { error = reason }, statusCode: status);
}
