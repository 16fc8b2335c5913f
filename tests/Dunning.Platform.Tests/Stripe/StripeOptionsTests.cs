using Dunning.Platform.Stripe;

namespace Dunning.Platform.Tests.Stripe;

public sealed class StripeOptionsTests
{
    [Theory]
    [InlineData("sk_live_abc", "http://sandbox:12111", false)] // docker-compose's default base with a live key: refused at start
    [InlineData("rk_live_abc", "http://127.0.0.1:12111", false)]
    [InlineData("sk_live_abc", "https://api.stripe.com", true)]
    [InlineData("sk_test_sandbox", "http://127.0.0.1:12111", true)]
    [InlineData("sk_test_abc", "https://api.stripe.com", true)]
    public void A_live_key_is_only_sent_over_https(string key, string apiBase, bool valid) =>
        Assert.Equal(valid, StripeOptions.LiveKeyGoesToStripeOverHttps(new StripeOptions { ApiKey = key, ApiBase = apiBase }));
}
