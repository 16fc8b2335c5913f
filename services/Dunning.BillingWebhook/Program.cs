using Dunning.BillingWebhook.Endpoints;
using Dunning.BillingWebhook.Extensions;
using Dunning.Platform;

var builder = WebApplication.CreateBuilder(args);
builder.AddBillingWebhookServices();

var app = builder.Build();
app.MapDunningPlatform();
app.MapStripeWebhook();
app.MapEventsApi();
app.Run();
