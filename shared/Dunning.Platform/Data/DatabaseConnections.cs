using Dunning.Platform.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Dunning.Platform.Data;

/// <summary>
/// A service's two PostgreSQL connection strings (roles in <c>deploy/postgres/10-dunning-roles.sql</c>): <see cref="Runtime"/>
/// (<c>ConnectionStrings:Postgres</c>), the role it runs as, which may only read and write its schema's tables, and
/// <see cref="Migrations"/> (<c>ConnectionStrings:PostgresMigrations</c>), the role that owns the schema and migrates it at
/// start-up; without that setting one role does both. Outside Development a password Dunning ships is refused.
/// </summary>
public sealed record DatabaseConnections(string Runtime, string Migrations)
{
    public static DatabaseConnections From(IConfiguration configuration, IHostEnvironment environment)
    {
        var runtime = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set (env ConnectionStrings__Postgres).");
        var migrations = configuration.GetConnectionString("PostgresMigrations");
        var connections = new DatabaseConnections(runtime, migrations ?? runtime);
        if (environment.IsDevelopment())
            return connections;

        var problems = new[]
        {
            SecretRules.ConnectionStringProblem("ConnectionStrings:Postgres", runtime),
            migrations is null ? null : SecretRules.ConnectionStringProblem("ConnectionStrings:PostgresMigrations", migrations),
        }.OfType<string>().ToList();
        return problems.Count == 0 ? connections : throw new InvalidOperationException(string.Join(" ", problems));
    }
}
