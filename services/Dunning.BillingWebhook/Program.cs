using Dunning.BillingWebhook.Endpoints;
using Dunning.BillingWebhook.Extensions;
using Dunning.Platform;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddBillingWebhookServices();

var app = builder.Build();
app.UseDunningSecurityHeaders();
app.MapDunningPlatform();
app.MapStripeWebhook();
app.MapEventsApi();
app.MapDeadJobs();
return app.RunOrMigrate(args);
