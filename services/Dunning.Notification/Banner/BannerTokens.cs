using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dunning.Notification.Banner;

/// <summary>
/// The banner's token: a JWT (HS256) naming one customer, for the banner only (its audience), that expires after
/// <see cref="BannerOptions.TokenLifetime"/>. The first secret signs; every listed secret is accepted.
/// </summary>
public sealed class BannerTokens(IOptions<BannerOptions> options, TimeProvider clock)
{
    private const string Audience = "dunning-banner";
    private const string Issuer = "dunning-notification";
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset ExpiresAt) Issue(string customerId)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.Value.TokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, customerId)]),
            Audience = Audience,
            Issuer = Issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(Keys()[0], SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>The customer the token names, or why it is refused.</summary>
    public async Task<(string? CustomerId, string? Problem)> ReadAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidAudience = Audience,
            ValidIssuer = Issuer,
            IssuerSigningKeys = Keys(),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) => expires is { } end && clock.GetUtcNow().UtcDateTime < end.AddSeconds(30)
                && (notBefore is not { } start || start <= clock.GetUtcNow().UtcDateTime.AddSeconds(30)),
        });
        if (!result.IsValid)
            return (null, result.Exception is SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException
                ? "The banner token has expired: the page must be reloaded to get a new one." : "The banner token is not valid.");
        return (result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? result.ClaimsIdentity.FindFirst(ClaimTypes.NameIdentifier)?.Value,
            null);
    }

    private List<SecurityKey> Keys() =>
        [.. options.Value.Secrets.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(s)))];
}
