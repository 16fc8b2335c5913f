using Dunning.Metrics.Extensions;
using Dunning.Platform;

var builder = WebApplication.CreateBuilder(args);
builder.AddMetricsServices();

var app = builder.Build();
app.MapDunningPlatform();
app.Run();
