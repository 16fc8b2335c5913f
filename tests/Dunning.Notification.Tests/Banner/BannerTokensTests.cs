using Dunning.Notification.Banner;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Notification.Tests.Banner;

/// <summary>The banner's token: names one customer, expires after its lifetime, survives a secret's rotation.</summary>
public sealed class BannerTokensTests
{
    private const string Older = "older-banner-secret-0123456789abcdef0123";
    private const string Newer = "newer-banner-secret-0123456789abcdef0123";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-04T12:00:00Z"));

    [Fact]
    public async Task A_token_names_its_customer_until_it_expires()
    {
        var tokens = Tokens(Newer);
        var (token, expiresAt) = tokens.Issue("cus_banner");

        Assert.Equal(_clock.GetUtcNow().AddMinutes(15), expiresAt);
        Assert.Equal(("cus_banner", (string?)null), await tokens.ReadAsync(token));
        _clock.Advance(TimeSpan.FromMinutes(16));
        var (customer, problem) = await tokens.ReadAsync(token);
        Assert.Null(customer);
        Assert.Contains("expired", problem);
    }

    [Fact]
    public async Task A_token_made_before_a_rotation_still_reads_while_its_secret_is_listed_and_not_after()
    {
        var (token, _) = Tokens(Older).Issue("cus_banner");

        Assert.Equal("cus_banner", (await Tokens(Newer, Older).ReadAsync(token)).CustomerId);
        Assert.Equal("The banner token is not valid.", (await Tokens(Newer).ReadAsync(token)).Problem);
    }

    private BannerTokens Tokens(params string[] secrets) =>
        new(Options.Create(new BannerOptions { Secrets = [.. secrets], AllowedOrigins = ["https://app.example.com"] }), _clock);
}
