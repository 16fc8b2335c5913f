using System.Net.Http.Json;
using System.Text.Json;
using Dunning.Contracts;
using Dunning.Platform.Outbox;
using Dunning.Testing;
using MassTransit;

namespace Dunning.Metrics.Tests.Support;

/// <summary>The metrics service as a real process on a fresh database and virtual host, and a bus to publish to it.</summary>
public sealed class MetricsService : IAsyncLifetime
{
    public const string ApiKey = "metrics-test-key";

    /// <summary>Where the services this test does not run would be: nothing listens on port 1.</summary>
    public const string Unreachable = "http://127.0.0.1:1";

    public TestDatabase Database { get; private set; } = null!;
    public TestVirtualHost VirtualHost { get; private set; } = null!;
    public ServiceProcess Process { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;

    /// <summary>The management port (<c>Management:Port</c>), where Prometheus scrapes <c>/metrics</c>.</summary>
    public HttpClient Management { get; private set; } = null!;

    /// <summary>How often the service folds its ledger changes into the aggregates (reports must be exact either way).</summary>
    public TimeSpan FoldInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The dashboard's mode before a user picks one (<c>Metrics:DashboardDefaultMode</c>); null: the service's default.</summary>
    public string? DashboardDefaultMode { get; init; }
    private IBusControl _bus = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        VirtualHost = await TestVirtualHost.CreateAsync();
        var port = ServiceProcess.FreePort();
        var managementPort = ServiceProcess.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Management__Port"] = managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectionStrings__Postgres"] = Database.RoleConnectionString("metrics"),
            ["ConnectionStrings__PostgresMigrations"] = Database.RoleConnectionString("metrics", migrator: true),
            ["RabbitMq__Host"] = TestEnvironment.RabbitHost,
            ["RabbitMq__VirtualHost"] = VirtualHost.Name,
            ["RabbitMq__ManagementUrl"] = TestEnvironment.RabbitManagement.ToString(),
            ["Api__Key"] = ApiKey,
            // The ops view: this service itself answers; the three others are not running (port 1), as after a crash.
            ["Metrics__ServiceHealthUrls__metrics"] = $"http://127.0.0.1:{port}/health",
            ["Metrics__ServiceHealthUrls__webhook"] = $"{Unreachable}/health",
            ["Metrics__ServiceHealthUrls__scheduler"] = $"{Unreachable}/health",
            ["Metrics__ServiceHealthUrls__notification"] = $"{Unreachable}/health",
            ["Metrics__ServiceMetricsUrls__metrics"] = $"http://127.0.0.1:{managementPort}/metrics",
            ["Metrics__ServiceMetricsUrls__webhook"] = $"{Unreachable}/metrics",
            ["Metrics__ServiceMetricsUrls__scheduler"] = "",
            ["Metrics__ServiceMetricsUrls__notification"] = "",
            ["Metrics__WebhookEventsUrl"] = $"{Unreachable}/api/events",
            ["Metrics__SchedulerUrl"] = Unreachable,
            ["Metrics__NotificationUrl"] = Unreachable,
            ["Telemetry__BacklogInterval"] = "00:00:00.200",
            ["Metrics__GaugeRefreshInterval"] = "00:00:00.200",
            ["Metrics__FoldInterval"] = FoldInterval.ToString("c"),
        };
        if (DashboardDefaultMode is not null) settings["Metrics__DashboardDefaultMode"] = DashboardDefaultMode;
        Process = await ServiceProcess.StartAsync("services/Dunning.Metrics", settings, port);
        Api = new HttpClient { BaseAddress = Process.BaseAddress };
        Api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        Management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(TestEnvironment.RabbitHost, VirtualHost.Name,
            h => { h.Username("guest"); h.Password("guest"); }));
        await _bus.StartAsync();
    }

    /// <summary>Publishes with the id the outbox would give it, so a second publish is a redelivery of the same message.</summary>
    public Task PublishAsync<T>(T message) where T : class, IDunningMessage =>
        _bus.Publish(message, context => context.MessageId = MessageIds.For(message));

    /// <summary>Waits until the service has handled <paramref name="distinctMessages"/> distinct messages (its inbox).</summary>
    public Task HandledAsync(int distinctMessages) =>
        Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM metrics.inbox") == distinctMessages,
            TimeSpan.FromSeconds(20), $"{distinctMessages} messages are in the metrics inbox");

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public async Task DisposeAsync()
    {
        await _bus.StopAsync();
        Api.Dispose();
        Management.Dispose();
        await Process.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }
}
