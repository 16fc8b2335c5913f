using Dunning.Notification.Domain;
using Microsoft.Extensions.Options;

namespace Dunning.Notification.Content;

/// <summary>
/// An address's unsubscribe link, <c>{PublicBaseUrl}/unsubscribe?token=</c> (https when the base is), and what the query of
/// a link that comes back says: a token (<see cref="UnsubscribeTokens"/>), or an earlier version's <c>email</c> and <c>sig</c>.
/// </summary>
public sealed class UnsubscribeLinks
{
    private readonly string _baseUrl;
    private readonly UnsubscribeTokens _tokens;
    private readonly IReadOnlyList<UnsubscribeSignature> _earlierSignatures;

    public UnsubscribeLinks(IOptions<NotificationOptions> options)
    {
        var secrets = options.Value.UnsubscribeSecretsInOrder();
        _baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        _tokens = new UnsubscribeTokens(secrets);
        _earlierSignatures = [.. secrets.Select(s => new UnsubscribeSignature(s))];
    }

    public string For(string email, string locale) => $"{_baseUrl}/unsubscribe?token={_tokens.Issue(UnsubscribeRecipient.For(email, locale))}";

    public UnsubscribeLinkReading Read(IQueryCollection query)
    {
        if (query["token"] is [{ Length: > 0 } token])
            return _tokens.Read(token);
        if (query["email"] is [{ Length: > 0 } email] && query["sig"] is [{ Length: > 0 } sig])
            return _earlierSignatures.Any(s => s.IsValid(email, sig))
                ? UnsubscribeLinkReading.Valid(UnsubscribeRecipient.For(email, Locales.Fallback))
                : UnsubscribeLinkReading.Refused(UnsubscribeTokens.Changed);
        return UnsubscribeLinkReading.Refused(UnsubscribeTokens.Malformed);
    }
}
