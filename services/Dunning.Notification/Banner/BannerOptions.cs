namespace Dunning.Notification.Banner;

/// <summary>
/// Settings of the in-app payment banner (section <c>Banner</c>). Off until a secret is set: the business's server then asks
/// for a short-lived token per customer and puts it in its page with <c>banner.js</c>.
/// </summary>
public sealed class BannerOptions
{
    public const string Section = "Banner";

    /// <summary>Token signing secrets (<c>Banner__Secrets__0</c>, ...): the first signs, every one is accepted (rotation).</summary>
    public List<string> Secrets { get; set; } = [];

    /// <summary>How long a token works: a page left open longer shows no banner until it is reloaded with a new token.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The origins of the business's application (<c>https://app.example.com</c>) whose pages may read the banner: the browser
    /// refuses it to any other page (CORS). Required when the banner is on.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>How often an open page asks again, so a case closed meanwhile takes the banner away.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(60);

    public bool Enabled => Secrets.Any(s => !string.IsNullOrWhiteSpace(s));

    public IEnumerable<(string Setting, string? Value)> SecretSettings() =>
        Enabled ? Secrets.Select((secret, i) => ($"{Section}:Secrets:{i}", (string?)secret)) : [];

    public const string OriginsRule = $"{Section}:AllowedOrigins:0 must name your application's origin (https://app.example.com) when the banner is on.";

    public bool OriginsAreUsable() => !Enabled || (AllowedOrigins.Count > 0
        && AllowedOrigins.All(o => Uri.TryCreate(o, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"));
}
