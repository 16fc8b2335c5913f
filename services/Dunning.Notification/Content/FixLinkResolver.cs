using Dunning.Notification.Domain;
using Dunning.Platform.Stripe;
using Microsoft.Extensions.Options;
using Stripe.BillingPortal;

namespace Dunning.Notification.Content;

/// <summary>Where the customer fixes the payment: the invoice's hosted page, else a Stripe billing-portal session.</summary>
public sealed class FixLinkResolver(StripeCalls stripe, IOptions<NotificationOptions> options)
{
    public async Task<string> ResolveAsync(NotificationCase dunningCase, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(dunningCase.HostedUrl) ? await PortalAsync(dunningCase.CustomerId, cancellationToken) : dunningCase.HostedUrl;

    /// <summary>A billing-portal session where the customer manages their cards.</summary>
    public async Task<string> PortalAsync(string customerId, CancellationToken cancellationToken)
    {
        var session = await stripe.RunAsync((client, ct) => new SessionService(client).CreateAsync(new SessionCreateOptions
        {
            Customer = customerId,
            ReturnUrl = options.Value.BillingPortalReturnUrl,
        }, null, ct), cancellationToken);
        return session.Url;
    }
}
