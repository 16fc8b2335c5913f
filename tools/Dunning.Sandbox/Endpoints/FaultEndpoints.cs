using Dunning.Sandbox.Domain;

namespace Dunning.Sandbox.Endpoints;

/// <summary>POST /sandbox/faults {"mode":"status429|status500|slow|hang|lateAnswer|none","durationSeconds":60,"delayMs":3000}.</summary>
public static class FaultEndpoints
{
    public sealed record FaultRequest(string Mode, int? DurationSeconds, int? DelayMs);

    public static void MapFaults(this IEndpointRouteBuilder sandbox)
    {
        sandbox.MapPost("/faults", (FaultRequest request, FaultMode faults) =>
            FaultSetting.Modes.Contains(request.Mode)
                ? Results.Ok(faults.Set(request.Mode, request.DurationSeconds, request.DelayMs))
                : Results.BadRequest(new { error = $"mode must be one of {string.Join(", ", FaultSetting.Modes)}" }));
        sandbox.MapGet("/faults", (FaultMode faults) => Results.Ok(faults.Current));
    }
}
