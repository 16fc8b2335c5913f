using Dunning.Platform.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Dunning.Platform.Tests.Data;

public sealed class DatabaseConnectionsTests
{
    private const string Server = "Host=db.internal;Database=dunning";

    [Theory]
    [InlineData("Production", "dunning-dev-webhook", "an-own-password-0c2f", "ConnectionStrings__Postgres")]
    [InlineData("Production", "an-own-password-0c2f", "dunning-dev-webhook-migrator", "ConnectionStrings__PostgresMigrations")]
    [InlineData("Staging", "postgres", "an-own-password-0c2f", "ConnectionStrings__Postgres")]
    [InlineData("Production", "CHANGE-ME", "an-own-password-0c2f", "ConnectionStrings__Postgres")] // deploy/kubernetes's placeholder
    public void Outside_development_a_shipped_password_stops_the_service_and_names_the_setting(string environment, string runtimePassword,
        string migrationsPassword, string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Connections(environment,
            $"{Server};Username=dunning_webhook;Password={runtimePassword}", $"{Server};Username=dunning_webhook_migrator;Password={migrationsPassword}"));

        Assert.Contains("password shipped with Dunning", error.Message);
        Assert.Contains(setting, error.Message);
    }

    [Theory]
    [InlineData("Production", ";Password=an-own-password-0c2f")]
    [InlineData("Production", "")] // the server authenticates otherwise: a password file, a client certificate
    [InlineData("Development", ";Password=dunning-dev-webhook")]
    public void An_own_password_none_or_any_in_development_is_accepted(string environment, string password)
    {
        var runtime = $"{Server};Username=dunning_webhook{password}";
        var migrations = $"{Server};Username=dunning_webhook_migrator{password}";

        Assert.Equal(new DatabaseConnections(runtime, migrations), Connections(environment, runtime, migrations));
    }

    [Fact]
    public void A_shipped_password_is_named_once_when_one_connection_string_does_both()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Connections("Production", $"{Server};Username=dunning;Password=postgres", null));

        Assert.Contains("ConnectionStrings__Postgres", error.Message);
        Assert.DoesNotContain("PostgresMigrations", error.Message);
    }

    [Fact]
    public void Without_a_migrations_connection_string_one_role_runs_and_migrates()
    {
        var runtime = $"{Server};Username=dunning";

        Assert.Equal(new DatabaseConnections(runtime, runtime), Connections("Production", runtime, migrations: null));
    }

    [Fact]
    public void A_service_outside_development_does_not_start_on_a_shipped_password_and_never_reaches_the_database()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = $"{Server};Username=dunning_webhook;Password=dunning-dev-webhook",
        });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddDunningPlatform("webhook", typeof(ServiceDatabase).Assembly, _ => { }));

        Assert.Contains("ConnectionStrings__Postgres", error.Message);
    }

    private static DatabaseConnections Connections(string environment, string runtime, string? migrations)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = runtime,
            ["ConnectionStrings:PostgresMigrations"] = migrations,
        }).Build();
        return DatabaseConnections.From(configuration, new HostingEnvironment { EnvironmentName = environment });
    }
}
