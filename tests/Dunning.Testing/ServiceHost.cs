using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dunning.Testing;

/// <summary>
/// A Dunning service in the test's process, the one way tests host a service in-process: the service's own <c>Program.cs</c> runs
/// (<typeparamref name="TEntryPoint"/> is its <c>Program</c>), so the registration, middleware and endpoints are production's, none
/// re-wired by the test. In Development, as <see cref="ServiceProcess"/> runs services, with the test's settings over the service's
/// appsettings, on Kestrel at a free port of 127.0.0.1, and started (schema migrated, bus, relay and workers up) when
/// <see cref="StartAsync"/> returns. A test that must crash the service (kill -9) runs it as a <see cref="ServiceProcess"/> instead.
/// </summary>
public sealed class ServiceHost<TEntryPoint> : IAsyncDisposable where TEntryPoint : class
{
    private readonly WebApplicationFactory<TEntryPoint> _factory;

    private ServiceHost(WebApplicationFactory<TEntryPoint> factory)
    {
        _factory = factory;
        // The service's own address comes first; the management port (Management:Port), when set, is added after it.
        BaseAddress = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public IServiceProvider Services => _factory.Services;

    public Uri BaseAddress { get; }

    /// <param name="settings">Configuration keys in colon form (<c>ConnectionStrings:Postgres</c>), over the service's appsettings.</param>
    public static async Task<ServiceHost<TEntryPoint>> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var factory = new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(Environments.Development);
            web.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        });
        factory.UseKestrel();
        try
        {
            await Task.Run(factory.StartServer); // runs Program.cs and starts its host
            return new ServiceHost<TEntryPoint>(factory);
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the service's address, through <paramref name="handlers"/> when given.</summary>
    public HttpClient CreateClient(params DelegatingHandler[] handlers) => _factory.CreateDefaultClient(BaseAddress, handlers);

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
