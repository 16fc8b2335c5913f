using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dunning.Platform.Health;

public static class HealthExtensions
{
    /// <summary>Readiness checks: PostgreSQL answers, the bus is connected to RabbitMQ (MassTransit registers its own check).</summary>
    public static IHostApplicationBuilder AddDunningHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddNpgSql(name: "postgres", tags: ["ready"]);
        return builder;
    }

    /// <summary><c>/health</c>: every check (ready to serve); <c>/alive</c>: the process answers.</summary>
    public static WebApplication MapDunningHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthJson.WriteAsync });
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = _ => false });
        return app;
    }
}
