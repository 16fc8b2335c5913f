using System.Data.Common;
using Dunning.EndToEnd.Tests.Kubernetes;
using Dunning.Testing;
using YamlDotNet.RepresentationModel;

namespace Dunning.EndToEnd.Tests.Compose;

/// <summary>
/// docker-compose.yml as Debian's docker-compose (v1) renders it offline with <c>config</c> (no engine is asked): anchors merged,
/// variables at their defaults, paths made absolute. It lists every service, whatever its profile.
/// </summary>
internal sealed class RenderedCompose(IReadOnlyDictionary<string, YamlMappingNode> services)
{
    public IReadOnlyDictionary<string, YamlMappingNode> Services { get; } = services;

    public static async Task<RenderedCompose> RenderAsync()
    {
        var (exitCode, output, error) = await ExternalCommand.RunApartAsync("docker-compose", "-f docker-compose.yml config");
        Assert.True(exitCode == 0, $"docker-compose config failed: {error}");
        var stream = new YamlStream();
        stream.Load(new StringReader(output));
        var services = stream.Documents[0].RootNode.At("services") as YamlMappingNode
            ?? throw new Xunit.Sdk.XunitException("docker-compose config rendered no services");
        return new(services.Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => (YamlMappingNode)pair.Value));
    }

    public YamlMappingNode Get(string name) =>
        Services.TryGetValue(name, out var service) ? service : throw new Xunit.Sdk.XunitException($"no service {name}");

    public IReadOnlyList<string> Profiles(string name) => Scalars(Get(name), "profiles");

    public IReadOnlyList<string> InProfile(string profile) =>
        Services.Keys.Where(name => Profiles(name).Contains(profile)).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> WithoutProfile() => Services.Keys.Where(name => Profiles(name).Count == 0).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyDictionary<string, string> Environment(string name) => Get(name).Map("environment");

    public IReadOnlyList<string> Command(string name) => Scalars(Get(name), "command");

    public string Image(string name) => Get(name).Text("image") ?? "";

    /// <summary>Each service it waits for, and the condition (service_started, service_healthy, ...).</summary>
    public IReadOnlyDictionary<string, string> DependsOn(string name) =>
        Get(name).At("depends_on") switch
        {
            YamlMappingNode map => map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => p.Value.Text("condition") ?? "service_started"),
            YamlSequenceNode list => list.Children.ToDictionary(n => ((YamlScalarNode)n).Value!, _ => "service_started"),
            _ => new Dictionary<string, string>(),
        };

    /// <summary>The files and folders of this machine it mounts (source), and where (target).</summary>
    public IReadOnlyList<(string Source, string Target)> BindMounts(string name) =>
        Get(name).Items("volumes").Select(BindMount).OfType<(string Source, string Target)>().ToList();

    /// <summary><c>/source:/target[:mode]</c> as docker-compose renders a bind mount, or the long form; null for a volume.</summary>
    private static (string Source, string Target)? BindMount(YamlNode volume) =>
        volume switch
        {
            YamlScalarNode scalar when scalar.Value!.Split(':') is [var source, var target, ..] && source.StartsWith('/') => (source, target),
            YamlMappingNode map when map.Text("type") == "bind" => (map.Text("source")!, map.Text("target")!),
            _ => null,
        };

    /// <summary>The Dockerfile it is built from (absolute), or null for a pulled image.</summary>
    public string? Dockerfile(string name)
    {
        var build = Get(name).At("build");
        if (build is null)
            return null;
        var context = build.Text("context") ?? (build as YamlScalarNode)?.Value!;
        return Path.GetFullPath(Path.Combine(context, build.Text("dockerfile") ?? "Dockerfile"));
    }

    public IReadOnlyList<string> BuiltFrom(string project, string profile) =>
        InProfile(profile).Where(name => Dockerfile(name) == RepositoryPath(project, "Dockerfile")).ToList();

    /// <summary>The mounted file at target (its source on this machine).</summary>
    public string MountedFile(string name, string target)
    {
        var source = BindMounts(name).Where(m => m.Target == target).Select(m => m.Source).SingleOrDefault();
        Assert.True(source is not null, $"{name} mounts nothing at {target}");
        return source;
    }

    public static string RepositoryPath(params string[] parts) => Path.Combine([TestEnvironment.RepositoryRoot, .. parts]);

    /// <summary>
    /// The hosts a service's settings name: of URLs, of connection strings' <c>Host=a,b</c>, and of settings that are a host
    /// (<c>...__Host</c>, <c>RabbitMq__Nodes__N</c>), each without its port.
    /// </summary>
    public static IReadOnlySet<string> HostsNamed(IReadOnlyDictionary<string, string> settings)
    {
        var hosts = new HashSet<string>();
        foreach (var (key, value) in settings)
        {
            if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Host != "")
                hosts.Add(uri.Host);
            else if (value.Contains("Host=", StringComparison.Ordinal))
                hosts.UnionWith(ConnectionStringHosts(value));
            else if (key.EndsWith("__Host", StringComparison.Ordinal) || key.Contains("__Nodes__", StringComparison.Ordinal))
                hosts.Add(value.Split(':')[0]);
        }
        return hosts;
    }

    public static IReadOnlyList<string> ConnectionStringHosts(string connectionString) =>
        ((string)new DbConnectionStringBuilder { ConnectionString = connectionString }["Host"]).Split(',').Select(h => h.Trim().Split(':')[0]).ToList();

    private static List<string> Scalars(YamlNode service, string key) =>
        service.At(key) switch
        {
            YamlSequenceNode list => list.Children.Select(n => ((YamlScalarNode)n).Value!).ToList(),
            YamlScalarNode scalar => [scalar.Value!],
            _ => [],
        };
}
