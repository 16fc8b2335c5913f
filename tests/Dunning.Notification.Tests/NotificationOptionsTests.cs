using Dunning.Notification.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dunning.Notification.Tests;

public sealed class NotificationOptionsTests
{
    [Fact]
    public void The_listed_secrets_come_first_and_the_earlier_single_secret_is_still_accepted_after_them()
    {
        var options = new NotificationOptions { UnsubscribeSecrets = ["newest-secret", "older-secret"], UnsubscribeSecret = "single-secret" };

        Assert.Equal(["newest-secret", "older-secret", "single-secret"], options.UnsubscribeSecretsInOrder());
        Assert.Equal(["single-secret"], new NotificationOptions { UnsubscribeSecret = "single-secret" }.UnsubscribeSecretsInOrder());
    }

    [Theory]
    [InlineData(new string[0], "", "Notification:UnsubscribeSecrets:0 is not set: set Notification__UnsubscribeSecrets__0")]
    [InlineData(new[] { "a-secret-of-our-own-2f9c", "short" }, "", "set Notification__UnsubscribeSecrets__1 to a secret of at least 16")]
    [InlineData(new[] { "a-secret-of-our-own-2f9c" }, "dev-unsubscribe-secret-change-me", "set Notification__UnsubscribeSecret to a secret of your own")]
    public void Outside_development_every_unsubscribe_secret_must_be_safe_and_the_error_names_the_one(string[] secrets, string single, string error)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Options("Production", secrets, single, "https://billing.example.com"));

        Assert.Contains(error, failure.Message);
    }

    [Theory]
    [InlineData("Production", "https://billing.example.com", null)]
    [InlineData("Production", "http://127.0.0.1:5082", null)]
    [InlineData("Production", "http://billing.example.com", "set Notification__PublicBaseUrl to an https:// address")]
    [InlineData("Development", "http://billing.example.com", null)]
    [InlineData("Development", "billing.example.com", "is not an http(s) address")]
    public void The_public_address_is_https_outside_development_unless_it_is_loopback(string environment, string url, string? error)
    {
        if (error is null)
            Assert.Equal(url, Options(environment, ["a-secret-of-our-own-2f9c"], "", url).PublicBaseUrl);
        else
            Assert.Contains(error, Assert.Throws<OptionsValidationException>(() => Options(environment, ["a-secret-of-our-own-2f9c"], "", url)).Message);
    }

    [Fact]
    public void The_retired_UseTls_setting_stops_the_start_with_what_to_set_instead_rather_than_being_ignored()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("Smtp:UseTls", (string?)"true")]).Build());
        services.AddNotificationOptions();

        var failure = Assert.Throws<OptionsValidationException>(() => services.BuildServiceProvider().GetRequiredService<IOptions<SmtpOptions>>().Value);
        Assert.Contains("set Smtp__Tls to WhenOffered (the default), Required, Implicit or Off", failure.Message);
    }

    /// <summary>The options as the service binds and checks them at start.</summary>
    private static NotificationOptions Options(string environment, string[] secrets, string single, string publicBaseUrl)
    {
        var settings = secrets.Select((secret, i) => KeyValuePair.Create($"Notification:UnsubscribeSecrets:{i}", (string?)secret))
            .Append(KeyValuePair.Create("Notification:UnsubscribeSecret", (string?)single))
            .Append(KeyValuePair.Create("Notification:PublicBaseUrl", (string?)publicBaseUrl));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<IHostEnvironment>(new Environment { EnvironmentName = environment });
        services.AddNotificationOptions();
        return services.BuildServiceProvider().GetRequiredService<IOptions<NotificationOptions>>().Value;
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
