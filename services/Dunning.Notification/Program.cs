using Dunning.Notification.Extensions;
using Dunning.Platform;

var builder = WebApplication.CreateBuilder(args);
builder.AddNotificationServices();

var app = builder.Build();
app.MapDunningPlatform();
app.Run();
