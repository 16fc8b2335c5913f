using Dunning.Metrics.Endpoints;
using Dunning.Metrics.Extensions;
using Dunning.Platform;
using Dunning.Platform.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddMetricsServices();

var app = builder.Build();
app.UseDunningSecurityHeaders();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapDunningPlatform();
app.MapReportEndpoints();
app.MapOpsEndpoints();
app.MapCaseConsoleEndpoints();
app.MapExperimentConsoleEndpoints();
app.MapBacktestEndpoints();
return app.RunOrMigrate(args);
