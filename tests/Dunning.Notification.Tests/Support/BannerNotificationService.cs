namespace Dunning.Notification.Tests.Support;

/// <summary>The notification service with the payment banner on, readable from one <see cref="BusinessPage"/>'s origin.</summary>
public sealed class BannerNotificationService : NotificationService
{
    public const string Secret = "banner-secret-for-tests-0123456789abcdef";

    public BusinessPage Page { get; }

    public BannerNotificationService() => Page = BusinessPage.Create(() => BaseAddress);

    public override async Task InitializeAsync()
    {
        await Page.StartAsync();
        await base.InitializeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> OwnSettings() => new Dictionary<string, string?>
    {
        ["Banner:Secrets:0"] = Secret,
        ["Banner:AllowedOrigins:0"] = Page.Origin,
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Page.DisposeAsync();
    }
}
