using Dunning.Notification.Endpoints;
using Dunning.Notification.Extensions;
using Dunning.Platform;

var builder = WebApplication.CreateBuilder(args);
builder.AddNotificationServices();

var app = builder.Build();
app.MapDunningPlatform();
app.MapUnsubscribe();
app.MapPreview();
app.Run();

/// <summary>Visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
