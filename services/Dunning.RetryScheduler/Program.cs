using Dunning.Platform;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Http;
using Dunning.RetryScheduler.Endpoints;
using Dunning.RetryScheduler.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddRetrySchedulerServices();

var app = builder.Build();
app.UseDunningSecurityHeaders();
app.MapDunningPlatform();
app.MapCaseEndpoints();
app.MapCardEndpoints();
app.MapExperimentEndpoints();
app.MapDeadJobs();
return app.RunOrMigrate(args);
