using System.Globalization;
using Dunning.Platform.DueJobs;
using Dunning.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Platform.Tests.Support;

/// <summary>
/// A real web host wired as the services are (platform, due jobs with the given handlers, <c>/health</c>, <c>/metrics</c> on its
/// management port, <c>/api/jobs/dead</c>) against a test database and virtual host: for what only a whole service shows.
/// </summary>
public sealed class PlatformWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PlatformWebHost(WebApplication app, HttpClient client, HttpClient management)
    {
        _app = app;
        Client = client;
        Management = management;
    }

    /// <summary>The public port (API).</summary>
    public HttpClient Client { get; }

    /// <summary>The management port, where Prometheus scrapes <c>/metrics</c>.</summary>
    public HttpClient Management { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<PlatformWebHost> StartAsync(TestDatabase database, TestVirtualHost vhost, IReadOnlyDictionary<string, string?> settings,
        params IDueJobHandler[] handlers)
    {
        var managementPort = ServiceProcess.FreePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["RabbitMq:Host"] = TestEnvironment.RabbitHost,
            ["RabbitMq:VirtualHost"] = vhost.Name,
            ["Management:Port"] = managementPort.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDunningPlatform(PlatformHost.Schema, typeof(PlatformExtensions).Assembly, _ => { });
        foreach (var handler in handlers)
            builder.Services.AddSingleton(handler);
        builder.AddDueJobs();
        var app = builder.Build();
        app.MapDunningPlatform();
        app.MapDeadJobs();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => new Uri(a).Port != managementPort);
        return new PlatformWebHost(app, new HttpClient { BaseAddress = new Uri(address) },
            new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Management.Dispose();
        await _app.DisposeAsync();
    }
}
