using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>An error answered in Stripe's format: {"error":{"type":...,"code":...,"message":...}}.</summary>
public sealed class StripeApiException(int status, JsonObject error) : Exception(error["message"]?.GetValue<string>())
{
    public int Status { get; } = status;

    public JsonObject Error { get; } = error;

    public static StripeApiException InvalidRequest(string message, string? param = null, string? code = null) =>
        new(400, new JsonObject
        {
            ["type"] = "invalid_request_error",
            ["code"] = code,
            ["param"] = param,
            ["message"] = message,
        });

    public static StripeApiException Missing(string resource, string id, string param = "id") =>
        new(404, new JsonObject
        {
            ["type"] = "invalid_request_error",
            ["code"] = "resource_missing",
            ["param"] = param,
            ["message"] = $"No such {resource}: '{id}'",
            ["doc_url"] = "https://stripe.com/docs/error-codes/resource-missing",
        });

    public static StripeApiException Idempotency(string message) =>
        new(400, new JsonObject { ["type"] = "idempotency_error", ["message"] = message });

    public JsonObject ToBody() => new() { ["error"] = Error.DeepClone() };
}
