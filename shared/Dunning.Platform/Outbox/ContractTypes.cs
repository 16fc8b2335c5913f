using System.Collections.Frozen;
using Dunning.Contracts;

namespace Dunning.Platform.Outbox;

/// <summary>Maps stored message type names back to contract types; only <c>Dunning.Contracts</c> types are accepted.</summary>
public static class ContractTypes
{
    private static readonly FrozenDictionary<string, Type> ByName = typeof(IDunningMessage).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDunningMessage).IsAssignableFrom(t))
        .ToFrozenDictionary(t => t.FullName!, StringComparer.Ordinal);

    public static string NameOf(Type type) => type.FullName!;

    public static Type Resolve(string name) =>
        ByName.TryGetValue(name, out var type) ? type : throw new InvalidOperationException($"'{name}' is not a Dunning.Contracts message type");
}
