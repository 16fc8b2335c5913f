using Microsoft.Extensions.Options;

namespace Dunning.Notification;

/// <summary>
/// Refuses to start with a <see cref="NotificationOptions.PublicBaseUrl"/> that is not an http(s) address, or, outside
/// Development, one in plain http on a host others reach: the unsubscribe link carries a token, and RFC 8058 one-click needs HTTPS.
/// </summary>
public sealed class PublicBaseUrlValidation(IHostEnvironment environment) : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options) =>
        Problem(options.PublicBaseUrl, environment.IsDevelopment()) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    public static string? Problem(string publicBaseUrl, bool development)
    {
        if (!Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return $"Notification:PublicBaseUrl '{publicBaseUrl}' is not an http(s) address: set Notification__PublicBaseUrl to the address " +
                "customers reach this service at, e.g. https://billing.example.com.";
        if (uri.Scheme == "http" && !development && !uri.IsLoopback)
            return $"Notification:PublicBaseUrl '{publicBaseUrl}' is plain http: unsubscribe links carry a token and one-click unsubscribe needs " +
                "HTTPS, so set Notification__PublicBaseUrl to an https:// address (plain http is allowed only on a loopback address).";
        return null;
    }
}
