using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Dunning.Platform.Http;

/// <summary>
/// Lets a request through when it carries the configured API key as <c>X-Api-Key</c> or
/// <c>Authorization: Bearer</c>; otherwise 401 with a reason. Compared in constant time.
/// </summary>
public sealed class ApiKeyFilter(IOptions<ApiKeyOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.Key;
        if (string.IsNullOrEmpty(expected))
            return Results.Problem("This API is disabled: set Api__Key to enable it.", statusCode: StatusCodes.Status503ServiceUnavailable);
        if (!Matches(PresentedKey(context.HttpContext.Request), expected))
            return Results.Problem($"Missing or wrong API key: send it as the {HeaderName} header or as 'Authorization: Bearer <key>'.",
                statusCode: StatusCodes.Status401Unauthorized);
        return await next(context);
    }

    public static bool Matches(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header))
            return header.ToString();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
