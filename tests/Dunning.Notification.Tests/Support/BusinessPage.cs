using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dunning.Notification.Tests.Support;

/// <summary>
/// The business's own application, as the README tells it to embed the banner: a page on another origin than the notification
/// service, with <c>banner.js</c> and the token its server got for the logged-in customer.
/// </summary>
public sealed class BusinessPage : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BusinessPage(WebApplication app, int port) => (_app, Origin) = (app, $"http://127.0.0.1:{port}");

    /// <summary>The page's origin, to list in <c>Banner:AllowedOrigins</c>.</summary>
    public string Origin { get; }

    public static BusinessPage Create(Func<Uri> notification)
    {
        var port = Dunning.Testing.ServiceProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/account", (string token) => Results.Content($"""
            <!doctype html><html><head><title>Account</title></head><body><h1>Your account</h1>
            <script src="{new Uri(notification(), "/banner.js")}" data-token="{WebUtility.HtmlEncode(token)}" data-refresh="1" async></script>
            </body></html>
            """, "text/html"));
        return new BusinessPage(app, port);
    }

    public Task StartAsync() => _app.StartAsync();

    public Uri AccountPage(string token) => new($"{Origin}/account?token={Uri.EscapeDataString(token)}");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
