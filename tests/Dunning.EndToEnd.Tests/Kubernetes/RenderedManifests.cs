using Dunning.Testing;
using YamlDotNet.RepresentationModel;

namespace Dunning.EndToEnd.Tests.Kubernetes;

/// <summary>A kustomization as <c>kubectl kustomize</c> renders it (offline: no cluster is asked), one mapping per resource.</summary>
internal sealed class RenderedManifests(IReadOnlyList<YamlMappingNode> resources)
{
    public IReadOnlyList<YamlMappingNode> Resources { get; } = resources;

    public static async Task<RenderedManifests> RenderAsync(string directory)
    {
        // Apart: newer kubectl warns on standard error (commonLabels, kept so Debian's kubectl 1.20 reads it too).
        var (exitCode, output, error) = await ExternalCommand.RunApartAsync("kubectl", $"kustomize {directory}");
        Assert.True(exitCode == 0, $"kubectl kustomize {directory} failed: {error}");
        var stream = new YamlStream();
        stream.Load(new StringReader(output));
        return new(stream.Documents.Select(document => (YamlMappingNode)document.RootNode).ToList());
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Resources.Where(r => r.Text("kind") == kind);

    public YamlMappingNode? Find(string kind, string name) => OfKind(kind).SingleOrDefault(r => r.Text("metadata", "name") == name);

    public YamlMappingNode Get(string kind, string name) =>
        Find(kind, name) ?? throw new Xunit.Sdk.XunitException($"no {kind} named {name} is rendered");

    /// <summary>A generated ConfigMap or Secret: kustomize names it <c>name-hash</c>.</summary>
    public YamlMappingNode? Generated(string kind, string name) =>
        OfKind(kind).SingleOrDefault(r => IsGeneratedName(r.Text("metadata", "name"), name));

    public static bool IsGeneratedName(string? actual, string name) =>
        actual is not null && actual.StartsWith(name + "-", StringComparison.Ordinal) && !actual[(name.Length + 1)..].Contains('-');
}

/// <summary>Paths into YAML mappings: null, empty or an empty map where something is missing, so an assertion names it.</summary>
internal static class Yaml
{
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
            node = node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        return node;
    }

    public static string? Text(this YamlNode? node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    public static IReadOnlyDictionary<string, string> Map(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlMappingNode map
            ? map.Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => (pair.Value as YamlScalarNode)?.Value ?? "")
            : new Dictionary<string, string>();
}
