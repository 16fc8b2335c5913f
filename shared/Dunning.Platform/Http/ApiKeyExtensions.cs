using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dunning.Platform.Http;

public static class ApiKeyExtensions
{
    /// <summary>Requires the API key on every endpoint of the group or endpoint.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, ApiKeyFilter>();
}
