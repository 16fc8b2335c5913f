using Dunning.Platform.Http;
using Dunning.Platform.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dunning.Platform.Tests.Security;

public sealed class SecretsValidationTests
{
    [Theory]
    [InlineData("Production", "dunning-dev-key", "default shipped with Dunning")]
    [InlineData("Production", "", "Api__Key")]
    [InlineData("Production", "short-key", "at least 16")]
    [InlineData("Staging", "whsec_sandbox_dunning", "default shipped with Dunning")]
    public void Outside_development_an_unsafe_secret_stops_the_service_and_names_the_variable_to_set(string environment, string key, string reason)
    {
        var error = Assert.Throws<OptionsValidationException>(() => ApiKey(environment, key));
        Assert.Contains(reason, error.Message);
        Assert.Contains("Api__Key", error.Message);
    }

    [Theory]
    [InlineData("Production", "a-secret-of-our-own-2f9c")]
    [InlineData("Development", "dunning-dev-key")]
    public void A_secret_of_ones_own_or_any_in_development_is_accepted(string environment, string key) =>
        Assert.Equal(key, ApiKey(environment, key).Key);

    private static ApiKeyOptions ApiKey(string environment, string key)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new Environment { EnvironmentName = environment });
        services.AddOptions<ApiKeyOptions>().Configure(o => o.Key = key).ValidateSecrets(o => [("Api:Key", o.Key)]);
        return services.BuildServiceProvider().GetRequiredService<IOptions<ApiKeyOptions>>().Value;
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
