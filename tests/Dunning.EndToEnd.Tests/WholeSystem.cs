using System.Globalization;
using Dunning.Testing;
using Stripe;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// The whole system as real processes — the Stripe sandbox and the four services — on a fresh database and
/// RabbitMQ virtual host, with the real SMTP server. Stripe.net drives the sandbox the way a merchant's Stripe account would.
/// </summary>
public sealed class WholeSystem : IAsyncDisposable
{
    public const string ApiKey = "e2e-api-key";
    private const string WebhookSecret = "whsec_e2e";
    private readonly List<ServiceProcess> _processes = [];

    private WholeSystem(TestDatabase database, TestVirtualHost vhost) { Database = database; VirtualHost = vhost; }

    public TestDatabase Database { get; }
    public TestVirtualHost VirtualHost { get; }
    public SandboxProcess Sandbox { get; private set; } = null!;
    public ServiceProcess Webhook { get; private set; } = null!;
    public ServiceProcess Scheduler { get; private set; } = null!;
    public ServiceProcess Notification { get; private set; } = null!;
    public ServiceProcess Metrics { get; private set; } = null!;
    public IStripeClient Stripe => Sandbox.Stripe;

    public string Logs => string.Join("\n", _processes.Select(p => $"--- {p.BaseAddress}\n{p.Output}")) + $"\n--- sandbox\n{Sandbox?.Output}";

    /// <param name="settings">Extra settings for the four services (e.g. a retry policy measured in seconds).</param>
    /// <param name="sandboxSettings">Extra settings for the sandbox (e.g. Stripe's own retries on).</param>
    public static async Task<WholeSystem> StartAsync(
        IReadOnlyDictionary<string, string>? settings = null, IReadOnlyDictionary<string, string>? sandboxSettings = null)
    {
        var system = new WholeSystem(await TestDatabase.CreateAsync(), await TestVirtualHost.CreateAsync());
        try
        {
            await system.StartProcessesAsync(settings ?? new Dictionary<string, string>(), sandboxSettings ?? new Dictionary<string, string>());
            return system;
        }
        catch
        {
            await system.DisposeAsync(); // no process outlives a failed start
            throw;
        }
    }

    private async Task StartProcessesAsync(IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> sandboxSettings)
    {
        var ports = new Dictionary<string, (int Port, int Management)>();
        foreach (var name in (string[])["webhook", "scheduler", "notification", "metrics"])
            ports[name] = (ServiceProcess.FreePort(), ServiceProcess.FreePort());
        var (webhookPort, schedulerPort, notificationPort) = (ports["webhook"].Port, ports["scheduler"].Port, ports["notification"].Port);
        Sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string>(sandboxSettings)
        {
            ["Sandbox__WebhookUrl"] = $"http://127.0.0.1:{webhookPort}/webhooks/stripe",
            ["Sandbox__WebhookSecret"] = WebhookSecret,
        });
        var shared = new Dictionary<string, string>
        {
            ["RabbitMq__Host"] = TestEnvironment.RabbitHost,
            ["RabbitMq__VirtualHost"] = VirtualHost.Name,
            ["Stripe__ApiBase"] = Sandbox.ApiBase,
            ["Stripe__ApiKey"] = "sk_test_e2e",
            ["Stripe__WebhookSecrets__0"] = WebhookSecret,
            ["Smtp__Host"] = TestEnvironment.SmtpHost,
            ["Smtp__Port"] = TestEnvironment.SmtpPort.ToString(),
            ["Api__Key"] = ApiKey,
            // No night in this test's world, so the schedule is not pushed to tomorrow morning.
            ["RetryPolicy__QuietHoursStart"] = "00:00:00",
            ["RetryPolicy__QuietHoursEnd"] = "00:00:00",
            ["RetryPolicy__PreferStartOfDay"] = "false",
            // The case console (metrics) reads the scheduler and notification where this test runs them.
            ["Metrics__SchedulerUrl"] = $"http://127.0.0.1:{schedulerPort}",
            ["Metrics__NotificationUrl"] = $"http://127.0.0.1:{notificationPort}",
        };
        // The ops view shows every service's health and figures, as scripts/services.sh sets it up.
        foreach (var (name, (port, management)) in ports)
        {
            shared[$"Metrics__ServiceHealthUrls__{name}"] = $"http://127.0.0.1:{port}/health";
            shared[$"Metrics__ServiceMetricsUrls__{name}"] = $"http://127.0.0.1:{management}/metrics";
        }
        shared["Metrics__WebhookEventsUrl"] = $"http://127.0.0.1:{webhookPort}/api/events";
        foreach (var (key, value) in settings) shared[key] = value;
        var metrics = StartAsync("services/Dunning.Metrics", "metrics", shared, ports["metrics"]);
        var notification = StartAsync("services/Dunning.Notification", "notification", shared, ports["notification"]);
        var scheduler = StartAsync("services/Dunning.RetryScheduler", "scheduler", shared, ports["scheduler"]);
        var webhook = StartAsync("services/Dunning.BillingWebhook", "webhook", shared, ports["webhook"]);
        (Metrics, Notification, Scheduler, Webhook) = (await metrics, await notification, await scheduler, await webhook);
    }

    /// <summary>Starts <paramref name="project"/> connecting as the roles of its <paramref name="schema"/>, as in production.</summary>
    private async Task<ServiceProcess> StartAsync(string project, string schema, Dictionary<string, string> shared, (int Port, int Management) ports)
    {
        var settings = new Dictionary<string, string>(shared) { ["Management__Port"] = ports.Management.ToString(CultureInfo.InvariantCulture) };
        var process = await ServiceProcess.StartAsync(project, Database.WithRolesOf(schema, settings), ports.Port);
        lock (_processes) _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
        if (Sandbox is not null) await Sandbox.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }
}
