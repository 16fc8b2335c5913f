using System.Security.Cryptography;
using System.Text;

namespace Dunning.Notification.BusinessWebhooks;

/// <summary>
/// The <c>Dunning-Signature</c> header, made the way Stripe makes <c>Stripe-Signature</c>: <c>t=</c> the Unix time, then one
/// <c>v1=</c> per secret, the hex HMAC-SHA256 of <c>"{t}.{body}"</c>. A receiver recomputes it with its secret and
/// compares, and refuses a timestamp too far from its own clock (replays).
/// </summary>
public static class BusinessWebhookSignature
{
    public const string Header = "Dunning-Signature";

    public static string Sign(string body, DateTimeOffset at, IEnumerable<string> secrets)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes($"{timestamp}.{body}");
        return string.Join(',', secrets.Select(secret => $"v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}")
            .Prepend($"t={timestamp}"));
    }
}
