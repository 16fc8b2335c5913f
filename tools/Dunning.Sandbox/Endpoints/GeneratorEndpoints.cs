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
            return runner.TryStart(options)
                ? Results.Accepted("/sandbox/generator", runner.Status())
                : Results.Conflict(new { error = "a generator is already running" });
        });
        sandbox.MapGet("/generator", (GeneratorRunner runner) => Results.Ok(runner.Status()));
    }
}
