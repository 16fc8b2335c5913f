using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Dunning.Platform.Http;

/// <summary>
/// Reads a request's JSON body for the APIs that take one (operators' actions, suppressions, look-ups by address): the body,
/// or a sentence saying what to send (<paramref name="shape"/>: an example of the body) when it is not JSON at all.
/// </summary>
public static class JsonRequestBody
{
    public static async Task<(T? Body, string? Problem)> ReadAsync<T>(HttpRequest request, string shape, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
            return (null, $"The body must be JSON (Content-Type: application/json). {shape}");
        try
        {
            return (await request.ReadFromJsonAsync<T>(cancellationToken), null);
        }
        catch (JsonException)
        {
            return (null, $"The body is not valid JSON. {shape}");
        }
    }
}
