namespace Dunning.BillingWebhook.Tests.Support;

/// <summary>One running webhook service shared by the tests of a class (each test uses its own event and invoice ids).</summary>
public sealed class WebhookServiceFixture : IAsyncLifetime
{
    public WebhookService Service { get; private set; } = null!;

    public async Task InitializeAsync() => Service = await WebhookService.StartAsync();

    public async Task DisposeAsync() => await Service.DisposeAsync();
}
