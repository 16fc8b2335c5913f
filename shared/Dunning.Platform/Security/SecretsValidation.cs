using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dunning.Platform.Security;

/// <summary>
/// Refuses to start a service outside Development while one of its secrets is unsafe (<see cref="SecretRules"/>), naming each
/// setting to set. Development keeps its defaults (appsettings.Development.json) so a clone runs as it is.
/// </summary>
public sealed class SecretsValidation<TOptions>(IHostEnvironment environment, Func<TOptions, IEnumerable<(string Setting, string? Value)>> secrets)
    : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (environment.IsDevelopment())
            return ValidateOptionsResult.Success;
        var problems = secrets(options).Select(s => SecretRules.Problem(s.Setting, s.Value)).OfType<string>().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

public static class SecretsValidationExtensions
{
    /// <summary>Checks <paramref name="secrets"/> of these options when the service starts, outside Development.</summary>
    public static OptionsBuilder<TOptions> ValidateSecrets<TOptions>(this OptionsBuilder<TOptions> builder,
        Func<TOptions, IEnumerable<(string Setting, string? Value)>> secrets) where TOptions : class
    {
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(services =>
            new SecretsValidation<TOptions>(services.GetRequiredService<IHostEnvironment>(), secrets));
        return builder.ValidateOnStart();
    }
}
