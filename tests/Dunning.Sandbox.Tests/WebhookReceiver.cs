using System.Collections.Concurrent;
using Dunning.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stripe;

namespace Dunning.Sandbox.Tests;

/// <summary>A real Kestrel endpoint on a free loopback port that verifies each webhook with Stripe.net.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<Event> Events { get; } = new();

    public ConcurrentQueue<string> Rejected { get; } = new();

    /// <summary>The raw JSON of every accepted delivery, as sent.</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>How many of the next deliveries to answer with 500 (to exercise retries).</summary>
    public int FailNext;

    private int _inFlight;
    private int _mostInFlight;

    /// <summary>When set, every delivery waits for it before it is answered (a slow endpoint).</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Deliveries being answered right now, and the most there ever were at once.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    public string Url { get; private set; } = "";

    /// <summary>The signing secret deliveries are verified with (settable: an endpoint created through the API gets its secret from Stripe).</summary>
    public string Secret { get; set; }

    private WebhookReceiver(string secret)
    {
        Secret = secret;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/webhooks/stripe", async (HttpRequest request) =>
        {
            var json = await new StreamReader(request.Body).ReadToEndAsync();
            var inFlight = Interlocked.Increment(ref _inFlight);
            try
            {
                NoteInFlight(inFlight);
                if (Hold is { } hold) await hold.Task;
                if (Interlocked.Decrement(ref FailNext) >= 0) return Results.StatusCode(500);
                Events.Enqueue(EventUtility.ConstructEvent(json, request.Headers["Stripe-Signature"], Secret, throwOnApiVersionMismatch: false));
                Bodies.Enqueue(json);
                return Results.Ok();
            }
            catch (StripeException e)
            {
                Rejected.Enqueue(e.Message);
                return Results.BadRequest();
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        });
    }

    private void NoteInFlight(int inFlight)
    {
        int most;
        while (inFlight > (most = Volatile.Read(ref _mostInFlight)) && Interlocked.CompareExchange(ref _mostInFlight, inFlight, most) != most)
        {
        }
    }

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var receiver = new WebhookReceiver(secret);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address + "/webhooks/stripe";
        return receiver;
    }

    public async Task<Event> WaitForAsync(string type, Func<Event, bool> match, TimeSpan? timeout = null)
    {
        Event? found = null;
        await Eventually.HoldsAsync(() => (found = Events.FirstOrDefault(e => e.Type == type && match(e))) is not null,
            timeout ?? Eventually.DefaultTimeout, $"webhook {type}");
        return found!;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
