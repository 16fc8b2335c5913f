namespace Dunning.Notification.Tests.Support;

/// <summary>
/// The notification service with webhooks to the business on, delivering to a <see cref="BusinessWebhookReceiver"/> that knows
/// the newer of two secrets; retries come within a second so an outage's end is seen quickly.
/// </summary>
public sealed class BusinessWebhookNotificationService : NotificationService
{
    public const string Secret = "whsec_business_newer_secret_0123456789";
    public const string OlderSecret = "whsec_business_older_secret_0123456789";

    public BusinessWebhookReceiver Receiver { get; } = new(Secret);

    public override async Task InitializeAsync()
    {
        await Receiver.StartAsync();
        await base.InitializeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> OwnSettings() => new Dictionary<string, string?>
    {
        ["BusinessWebhooks:Url"] = Receiver.Url,
        ["BusinessWebhooks:Secrets:0"] = Secret,
        ["BusinessWebhooks:Secrets:1"] = OlderSecret,
        ["BusinessWebhooks:FirstRetryDelay"] = "00:00:00.200",
        ["BusinessWebhooks:MaxRetryDelay"] = "00:00:01",
        ["BusinessWebhooks:Timeout"] = "00:00:02",
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
