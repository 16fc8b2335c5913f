using Dunning.Sandbox.Generator;
using Microsoft.Extensions.Options;

namespace Dunning.Sandbox.Endpoints;

/// <summary>POST /sandbox/generator/start (JSON body: GeneratorOptions, all optional) and GET /sandbox/generator.</summary>
public static class GeneratorEndpoints
{
    public static void MapGenerator(this IEndpointRouteBuilder sandbox)
    {
        sandbox.MapPost("/generator/start", (GeneratorOptions? request, GeneratorRunner runner, IOptions<SandboxOptions> sandboxOptions) =>
        {
            var options = request ?? new GeneratorOptions { SandboxUrl = sandboxOptions.Value.PublicBaseUrl };
            if (!CardMix.IsKnown(options.Mix))
                return Results.BadRequest(new { error = $"mix '{options.Mix}' is not a card mix: {CardMix.Default} or {CardMix.Payday}" });
            if (options.StepHours is < 1 or > 24)
                return Results.BadRequest(new { error = $"stepHours must be 1 to 24 (got {options.StepHours})" });
            return runner.TryStart(options)
                ? Results.Accepted("/sandbox/generator", runner.Status())
                : Results.Conflict(new { error = "a generator is already running" });
        });
        sandbox.MapGet("/generator", (GeneratorRunner runner) => Results.Ok(runner.Status()));
    }
}
