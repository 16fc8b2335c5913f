using System.Data.Common;
using System.Text.RegularExpressions;
using Dunning.EndToEnd.Tests.Kubernetes;
using Dunning.Testing;

namespace Dunning.EndToEnd.Tests.Compose;

/// <summary>
/// docker-compose.yml's <c>cluster</c> profile has the shape of scripts/cluster.sh: three clustered RabbitMQ nodes, a PostgreSQL
/// primary and standby under pg_auto_failover with its monitor, HAProxy in front of the webhook instances and two instances of
/// every service, each a client of the whole cluster; and the single-node stack beside it is unchanged. Checked offline on the
/// file as docker-compose renders it: no Docker engine runs it here.
/// </summary>
public sealed partial class ComposeClusterProfileTests
{
    private const string Profile = "cluster";

    /// <summary>What <c>docker compose up</c> without a profile starts, as before the profile.</summary>
    private static readonly string[] SingleNodeStack =
        ["billing-webhook", "maildev", "metrics", "notification", "postgres", "rabbitmq", "retry-scheduler", "sandbox"];

    public static TheoryData<string> Projects =>
        new("services/Dunning.BillingWebhook", "services/Dunning.RetryScheduler", "services/Dunning.Notification", "services/Dunning.Metrics");

    [Fact]
    public async Task Without_the_profile_the_single_node_stack_is_unchanged_and_names_nothing_of_the_cluster()
    {
        var compose = await RenderedCompose.RenderAsync();

        Assert.Equal(SingleNodeStack, compose.WithoutProfile());
        var cluster = compose.InProfile(Profile);
        Assert.Equal(compose.Services.Count - SingleNodeStack.Length, cluster.Count); // every other service is the cluster's
        foreach (var name in SingleNodeStack)
        {
            Assert.Empty(compose.DependsOn(name).Keys.Intersect(cluster));
            Assert.Empty(RenderedCompose.HostsNamed(compose.Environment(name)).Intersect(cluster));
        }
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task Every_service_runs_twice_in_the_cluster(string project)
    {
        var compose = await RenderedCompose.RenderAsync();

        Assert.Equal(2, compose.BuiltFrom(project, Profile).Count);
    }

    [Fact]
    public async Task The_cluster_has_its_own_sandbox_and_maildev()
    {
        var compose = await RenderedCompose.RenderAsync();

        Assert.Single(compose.BuiltFrom("tools/Dunning.Sandbox", Profile));
        Assert.Single(compose.InProfile(Profile), name => compose.Image(name).StartsWith("maildev/maildev", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Three_RabbitMQ_nodes_share_one_Erlang_cookie_and_list_each_other_as_peers()
    {
        var compose = await RenderedCompose.RenderAsync();
        var nodes = RabbitMqNodes(compose);

        Assert.Equal(3, nodes.Count);
        var cookies = new HashSet<string>();
        foreach (var node in nodes)
        {
            Assert.Equal("rabbitmq:3-management", compose.Image(node));
            Assert.Equal(node, compose.Get(node).Text("hostname")); // the node is rabbit@<hostname>, and others reach it by that name
            // The image's entrypoint runs only after the mounted cookie is copied to where RabbitMQ and rabbitmqctl read it.
            var entrypoint = string.Join(' ', compose.Get(node).Items("entrypoint").Select(item => item.Text()));
            var copied = CookieCopy().Match(entrypoint);
            Assert.True(copied.Success, $"{node}'s entrypoint does not install a cookie into /var/lib/rabbitmq/.erlang.cookie: {entrypoint}");
            Assert.EndsWith("exec docker-entrypoint.sh rabbitmq-server", entrypoint);
            cookies.Add(File.ReadAllText(compose.MountedFile(node, copied.Groups[1].Value)));

            var peers = PeerList(File.ReadAllText(compose.MountedFile(node, "/etc/rabbitmq/conf.d/90-dunning-cluster.conf")));
            Assert.Equal(nodes.Select(n => $"rabbit@{n}").Order(), peers.Order());
            var healthcheck = compose.Get(node).At("healthcheck").Items("test").Select(item => item.Text()).ToList();
            Assert.Equal(new[] { "await_online_nodes", "3" }, healthcheck.SkipWhile(word => word != "await_online_nodes").Take(2));
        }
        var cookie = Assert.Single(cookies);
        Assert.True(cookie.Trim().Length >= 20, "the Erlang cookie is empty or short");
    }

    [Fact]
    public async Task PostgreSQL_is_a_pg_auto_failover_monitor_and_two_data_nodes_of_it()
    {
        var compose = await RenderedCompose.RenderAsync();
        var nodes = PostgresNodes(compose);

        var monitor = Assert.Single(nodes, name => compose.Command(name)[^1] == "monitor");
        var dataNodes = DataNodes(compose);
        Assert.Equal(2, dataNodes.Count);
        Assert.Equal(3, nodes.Count);
        Assert.Equal(2, dataNodes.Select(name => compose.Command(name)[^1]).Distinct().Count()); // pg_auto_failover names them apart
        foreach (var name in nodes)
        {
            var dockerfile = File.ReadAllText(compose.Dockerfile(name)!);
            Assert.Matches(@"(?m)^FROM postgres:\d+", dockerfile);
            Assert.Contains("pg-auto-failover-cli", dockerfile);
            Assert.Contains("postgresql-$PG_MAJOR-auto-failover", dockerfile);
            Assert.Equal(name, compose.Get(name).Text("hostname"));
        }
        foreach (var name in dataNodes)
        {
            Assert.Equal(monitor, new Uri(compose.Environment(name)["PG_AUTOCTL_MONITOR"]).Host);
            Assert.Equal("service_healthy", compose.DependsOn(name).GetValueOrDefault(monitor));
        }
        // One data node registers first and becomes the primary; the other waits for it, then clones it as the standby.
        Assert.Single(dataNodes, name => compose.DependsOn(name).Keys.Intersect(dataNodes).Any());
    }

    [Fact]
    public async Task HAProxy_sends_Stripe_webhooks_to_both_webhook_instances()
    {
        var compose = await RenderedCompose.RenderAsync();
        var haproxy = Assert.Single(compose.InProfile(Profile), name => compose.Image(name).StartsWith("haproxy:", StringComparison.Ordinal));
        var config = compose.MountedFile(haproxy, "/usr/local/etc/haproxy/haproxy.cfg");

        var (exitCode, output) = await ExternalCommand.RunAsync("haproxy", $"-c -q -f {config}");
        Assert.True(exitCode == 0, $"haproxy -c: {output}");
        var text = File.ReadAllText(config);
        var port = ServiceBuild.ExposedPort("services/Dunning.BillingWebhook");
        var instances = compose.BuiltFrom("services/Dunning.BillingWebhook", Profile);
        Assert.Equal(instances.Select(name => $"{name}:{port}").Order(), Servers(text, "webhook").Order());

        var sandbox = Assert.Single(compose.BuiltFrom("tools/Dunning.Sandbox", Profile));
        var webhooks = new Uri(compose.Environment(sandbox)["Sandbox__WebhookUrl"]);
        Assert.Equal(haproxy, webhooks.Host);
        Assert.Equal(webhooks.Port, FrontendPort(text, "webhook"));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task Every_instance_is_a_client_of_all_three_RabbitMQ_nodes_with_quorum_queues_and_of_both_PostgreSQL_nodes(string project)
    {
        var compose = await RenderedCompose.RenderAsync();
        var rabbitNodes = RabbitMqNodes(compose);
        var dataNodes = DataNodes(compose);
        var cluster = compose.InProfile(Profile);

        foreach (var instance in compose.BuiltFrom(project, Profile))
        {
            var settings = compose.Environment(instance);
            var nodes = settings.Where(s => s.Key.StartsWith("RabbitMq__Nodes__", StringComparison.Ordinal)).Select(s => s.Value.Split(':')[0]);
            Assert.Equal(rabbitNodes, nodes.Order());
            Assert.Equal("quorum", settings.GetValueOrDefault("RabbitMq__QueueType"));
            foreach (var key in new[] { "ConnectionStrings__Postgres", "ConnectionStrings__PostgresMigrations" })
            {
                var connection = new DbConnectionStringBuilder { ConnectionString = settings[key] };
                Assert.Equal(dataNodes, RenderedCompose.ConnectionStringHosts(settings[key]).Order());
                Assert.Equal("read-write", connection["Target Session Attributes"]);
            }
            // Nothing of the single-node stack, and no name that is not a service.
            Assert.Empty(RenderedCompose.HostsNamed(settings).Except(cluster));
            // Started once the nodes are: a quorum queue declared before a node joins has no replica on it.
            foreach (var node in rabbitNodes.Concat(dataNodes))
                Assert.Equal("service_healthy", compose.DependsOn(instance).GetValueOrDefault(node));
        }
    }

    [Fact]
    public async Task Every_file_mounted_or_built_from_exists_and_every_service_waited_for_as_healthy_has_a_healthcheck()
    {
        var compose = await RenderedCompose.RenderAsync();

        foreach (var name in compose.Services.Keys)
        {
            foreach (var (source, target) in compose.BindMounts(name))
                Assert.True(File.Exists(source) || Directory.Exists(source), $"{name} mounts {source} at {target}, which does not exist");
            if (compose.Dockerfile(name) is { } dockerfile)
                Assert.True(File.Exists(dockerfile), $"{name} is built from {dockerfile}, which does not exist");
            foreach (var (dependency, condition) in compose.DependsOn(name))
                Assert.True(condition != "service_healthy" || compose.Get(dependency).At("healthcheck") is not null,
                    $"{name} waits for {dependency} to be healthy, which has no healthcheck");
        }
    }

    private static List<string> RabbitMqNodes(RenderedCompose compose) =>
        compose.InProfile(Profile).Where(name => compose.Image(name).StartsWith("rabbitmq:", StringComparison.Ordinal)).Order().ToList();

    /// <summary>The services that run deploy/compose/pg-node.sh (the monitor and the data nodes).</summary>
    private static List<string> PostgresNodes(RenderedCompose compose) =>
        compose.InProfile(Profile).Where(name => compose.Command(name).Any(word => word.EndsWith("/pg-node.sh", StringComparison.Ordinal))).ToList();

    private static List<string> DataNodes(RenderedCompose compose) =>
        PostgresNodes(compose).Where(name => compose.Command(name) is [.., "postgres", _]).Order().ToList();

    private static IEnumerable<string> PeerList(string rabbitmqConf)
    {
        var settings = rabbitmqConf.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2) is [var key, var value] ? (Key: key.Trim(), Value: value.Trim()) : (Key: line, Value: ""))
            .ToList();
        Assert.Contains(("cluster_formation.peer_discovery_backend", "rabbit_peer_discovery_classic_config"), settings);
        return settings.Where(s => s.Key.StartsWith("cluster_formation.classic_config.nodes.", StringComparison.Ordinal)).Select(s => s.Value);
    }

    /// <summary>The <c>host:port</c> of each server of the backend.</summary>
    private static IEnumerable<string> Servers(string haproxyConfig, string backend) =>
        Section(haproxyConfig, $"backend {backend}").Select(line => ServerLine().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value);

    /// <summary>The port the frontend whose default backend is <paramref name="backend"/> binds.</summary>
    private static int FrontendPort(string haproxyConfig, string backend)
    {
        var frontends = haproxyConfig.Split('\n').Where(line => line.StartsWith("frontend ", StringComparison.Ordinal))
            .Select(line => Section(haproxyConfig, line.Trim()).ToList())
            .Where(lines => lines.Contains($"default_backend {backend}"));
        var bind = Assert.Single(Assert.Single(frontends), line => line.StartsWith("bind ", StringComparison.Ordinal));
        return int.Parse(bind[(bind.LastIndexOf(':') + 1)..]);
    }

    /// <summary>The lines of a section (trimmed, comments left out), up to the next unindented line.</summary>
    private static IEnumerable<string> Section(string haproxyConfig, string header) =>
        haproxyConfig.Split('\n').SkipWhile(line => line.Trim() != header).Skip(1)
            .TakeWhile(line => line.Length == 0 || char.IsWhiteSpace(line[0]))
            .Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'));

    [GeneratedRegex(@"install -m 400 -o rabbitmq -g rabbitmq (\S+) /var/lib/rabbitmq/\.erlang\.cookie ")]
    private static partial Regex CookieCopy();

    [GeneratedRegex(@"^server \S+ (\S+:\d+)\b")]
    private static partial Regex ServerLine();
}
