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
        var migrations = configuration.GetConnectionString("PostgresMigrations") ?? runtime;
        if (environment.IsDevelopment())
            return new DatabaseConnections(runtime, migrations);

        var problems = new[]
        {
            SecretRules.ConnectionStringProblem("ConnectionStrings:Postgres", runtime),
            SecretRules.ConnectionStringProblem("ConnectionStrings:PostgresMigrations", migrations),
        }.OfType<string>().Distinct().ToList();
        return problems.Count == 0 ? new DatabaseConnections(runtime, migrations) : throw new InvalidOperationException(string.Join(" ", problems));
    }
}
