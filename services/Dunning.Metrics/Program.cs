using Dunning.Metrics.Endpoints;
using Dunning.Metrics.Extensions;
using Dunning.Platform;

var builder = WebApplication.CreateBuilder(args);
builder.AddMetricsServices();

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapDunningPlatform();
app.MapReportEndpoints();
app.MapOpsEndpoints();
app.Run();
