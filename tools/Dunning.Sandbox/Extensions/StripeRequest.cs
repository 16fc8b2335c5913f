using Dunning.Sandbox.Domain;

namespace Dunning.Sandbox.Extensions;

/// <summary>Reads a request's Stripe parameters from its form body and its query string.</summary>
public static class StripeRequest
{
    public static async Task<StripeParams> ReadParamsAsync(this HttpRequest request)
    {
        var pairs = request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? ""))).ToList();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            pairs.AddRange(form.SelectMany(f => f.Value.Select(v => KeyValuePair.Create(f.Key, v ?? ""))));
        }
        return new StripeParams(pairs);
    }
}
