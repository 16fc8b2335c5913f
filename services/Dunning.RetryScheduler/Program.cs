using Dunning.RetryScheduler.Extensions;
using Dunning.Platform;

var builder = WebApplication.CreateBuilder(args);
builder.AddRetrySchedulerServices();

var app = builder.Build();
app.MapDunningPlatform();
app.Run();
