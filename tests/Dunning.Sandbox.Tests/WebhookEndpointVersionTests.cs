using Stripe;

namespace Dunning.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
/// <summary>Source: Stripe.net 53.1.0 WebhookEndpoint.ApiVersion ("The API version that events are rendered as for this
/// webhook endpoint. You can't change this value after you create the endpoint.").</summary>
public sealed class WebhookEndpointVersionTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Each_endpoint_gets_events_stamped_with_the_api_version_it_was_created_with()
    {
        await using var pinned = await WebhookReceiver.StartAsync("unknown yet");
        await using var following = await WebhookReceiver.StartAsync("unknown yet");
        var endpoints = new WebhookEndpointService(sandbox.Stripe);
        var basil = await endpoints.CreateAsync(new WebhookEndpointCreateOptions
        {
            Url = pinned.Url, EnabledEvents = ["customer.created"], ApiVersion = "2025-03-31.basil",
        });
        var unpinned = await endpoints.CreateAsync(new WebhookEndpointCreateOptions { Url = following.Url, EnabledEvents = ["customer.created"] });
        pinned.Secret = basil.Secret;
        following.Secret = unpinned.Secret;
        try
        {
            var customer = await new CustomerService(sandbox.Stripe).CreateAsync(new CustomerCreateOptions { Email = "versions@example.com" });

            Assert.Equal("2025-03-31.basil", (await endpoints.GetAsync(basil.Id)).ApiVersion);
            Assert.Null((await endpoints.GetAsync(unpinned.Id)).ApiVersion); // follows the account's version
            var toPinned = await pinned.WaitForAsync("customer.created", e => ((Customer)e.Data.Object).Id == customer.Id);
            var toFollowing = await following.WaitForAsync("customer.created", e => ((Customer)e.Data.Object).Id == customer.Id);
            var toDefault = await sandbox.Receiver.WaitForAsync("customer.created", e => ((Customer)e.Data.Object).Id == customer.Id);
            Assert.Equal("2025-03-31.basil", toPinned.ApiVersion);
            Assert.Equal("2026-10-28.endive", toFollowing.ApiVersion);
            Assert.Equal("2026-10-28.endive", toDefault.ApiVersion);
            Assert.Equal(toDefault.Id, toPinned.Id); // one event, stamped per endpoint
        }
        finally
        {
            await endpoints.DeleteAsync(basil.Id);
            await endpoints.DeleteAsync(unpinned.Id);
        }
    }
}
