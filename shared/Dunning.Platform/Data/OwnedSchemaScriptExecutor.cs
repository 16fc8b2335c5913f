using DbUp.Builder;
using DbUp.Postgresql;

namespace Dunning.Platform.Data;

/// <summary>
/// DbUp's PostgreSQL script executor, except that it checks the schema exists instead of running
/// <c>CREATE SCHEMA IF NOT EXISTS</c>, which PostgreSQL refuses to a schema's owner without the right to create schemas
/// even when the schema exists (<see cref="SchemaMigrator"/> has made sure it does).
/// </summary>
public sealed class OwnedSchemaScriptExecutor(UpgradeConfiguration configuration, string schema) : PostgresqlScriptExecutor(
    () => configuration.ConnectionManager, () => configuration.Log, schema, () => configuration.VariablesEnabled,
    configuration.ScriptPreprocessors, () => configuration.Journal)
{
    protected override string GetVerifySchemaSql(string schema) => $"SELECT '{schema}'::regnamespace";
}
