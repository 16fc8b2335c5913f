using System.Reflection;

namespace Dunning.Platform.Data;

/// <summary>The PostgreSQL schema a service owns and the assembly holding its migration scripts.</summary>
public sealed record ServiceDatabase(string Schema, Assembly MigrationsAssembly)
{
    /// <summary>Schema-qualifies a table name: <c>Table("outbox")</c> → <c>webhook.outbox</c>.</summary>
    public string Table(string name) => $"{Schema}.{name}";
}
