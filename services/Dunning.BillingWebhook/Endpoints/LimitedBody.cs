using System.Text;

namespace Dunning.BillingWebhook.Endpoints;

/// <summary>Reads a request body up to <see cref="MaxBytes"/>, whether or not it declares a Content-Length.</summary>
public static class LimitedBody
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The body as UTF-8 text, or null when it is larger than <see cref="MaxBytes"/>.</summary>
    public static async Task<string?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
            return null;
        var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
