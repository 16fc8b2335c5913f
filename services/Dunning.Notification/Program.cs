using Dunning.Notification.Endpoints;
using Dunning.Notification.Extensions;
using Dunning.Platform;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddNotificationServices();

var app = builder.Build();
app.UseDunningSecurityHeaders();
app.UseCors();
app.MapDunningPlatform();
app.MapUnsubscribe();
app.MapSuppressions();
app.MapCaseLookup();
app.MapStanding();
app.MapBusinessWebhooks();
app.MapBanner();
app.MapPreview();
app.MapDeadJobs();
return app.RunOrMigrate(args);

/// <summary>Visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
