using Microsoft.Extensions.Options;

namespace Dunning.Platform.Retention;

/// <summary>Refuses to start with unusable retention settings, saying which variable to set (<see cref="RetentionOptions.Problem"/>).</summary>
public sealed class RetentionValidation : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
