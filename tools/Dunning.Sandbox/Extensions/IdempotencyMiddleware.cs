using System.Collections.Concurrent;
using Dunning.Sandbox.Domain;

namespace Dunning.Sandbox.Extensions;

/// <summary>
/// Stripe's idempotency keys on POST /v1: the first request with a key runs and its answer (200 or 402)
/// is stored; the same key with the same method, path and parameters gets that answer again, with
/// <c>Idempotent-Replayed: true</c> and no second effect; with other parameters it is a 400 idempotency_error.
/// A concurrent duplicate waits for the first to finish.
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
                    $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request."))
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
            if (context.Response.StatusCode is 200 or 402)
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

    private sealed class Entry(string fingerprint)
    {
        public string Fingerprint { get; } = fingerprint;

        public TaskCompletionSource<Stored?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Stored(int Status, string Body, string RequestId);
}
