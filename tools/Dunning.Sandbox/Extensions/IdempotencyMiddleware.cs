using System.Collections.Concurrent;
using Dunning.Sandbox.Domain;

namespace Dunning.Sandbox.Extensions;

/// <summary>
/// Stripe's idempotency keys on POST /v1: the first request with a key runs and its answer is stored once the endpoint
/// began executing, "regardless of whether it succeeds or fails ... including 500 errors" (docs.stripe.com/idempotency,
/// docs.stripe.com/error-low-level: a 400 from the endpoint comes back as the same 400). Not stored, as at Stripe, are
/// answers given before the endpoint runs: 401 (ApiKeyMiddleware) and 429 (FaultMiddleware) come from outside this layer,
/// and 400s for invalid parameters (code parameter_*). The same key with the same method, path and parameters gets the
/// stored answer again, with <c>Idempotent-Replayed: true</c> and no second effect; with other parameters it is a 400
/// idempotency_error. A concurrent duplicate waits for the first to finish (Stripe answers it 409 idempotency_key_in_use).
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
        if (!HttpMethods.IsPost(context.Request.Method) || string.IsNullOrEmpty(key))
        {
            await next(context);
            return;
        }
        var p = await context.Request.ReadParamsAsync();
        var fingerprint = $"{context.Request.Method} {context.Request.Path} {p.Fingerprint()}";
        while (true)
        {
            var mine = new Entry(fingerprint);
            var entry = _entries.GetOrAdd(key, mine);
            if (ReferenceEquals(entry, mine))
            {
                await RunAndStoreAsync(context, key, mine);
                return;
            }
            if (entry.Fingerprint != fingerprint)
            {
                await StripeApi.Error(StripeApiException.Idempotency(
                    "Keys for idempotent requests can only be used with the same parameters they were first used with. "
                    + $"Try using a key other than '{key}' if you meant to execute a different request."))
                    .ExecuteAsync(context);
                return;
            }
            if (await entry.Answer.Task is { } stored)
            {
                context.Response.Headers["Idempotent-Replayed"] = "true";
                context.Response.Headers["Original-Request"] = stored.RequestId;
                await Results.Content(stored.Body, "application/json", System.Text.Encoding.UTF8, stored.Status).ExecuteAsync(context);
                return;
            }
        }
    }

    private async Task RunAndStoreAsync(HttpContext context, string key, Entry entry)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        Stored? stored = null;
        try
        {
            await next(context);
            buffer.Position = 0;
            var body = await new StreamReader(buffer).ReadToEndAsync();
            if (IsSaved(context.Response.StatusCode, body))
            {
                stored = new Stored(context.Response.StatusCode, body, RequestInfo.Current?.Id ?? "");
            }
            buffer.Position = 0;
            context.Response.Body = original;
            await buffer.CopyToAsync(original);
        }
        finally
        {
            context.Response.Body = original;
            if (stored is null) _entries.TryRemove(key, out _);
            entry.Answer.TrySetResult(stored);
        }
    }

    /// <summary>Every answer of an endpoint that began executing; not the 400s of parameters that failed validation.</summary>
    private static bool IsSaved(int status, string body)
    {
        if (status != StatusCodes.Status400BadRequest) return true;
        var code = System.Text.Json.Nodes.JsonNode.Parse(body)?["error"]?["code"]?.GetValue<string>();
        return code is null || !code.StartsWith("parameter_", StringComparison.Ordinal);
    }

    private sealed class Entry(string fingerprint)
    {
        public string Fingerprint { get; } = fingerprint;

        public TaskCompletionSource<Stored?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Stored(int Status, string Body, string RequestId);
}
