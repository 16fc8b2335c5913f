using System.Text;
using YamlDotNet.RepresentationModel;

namespace Dunning.EndToEnd.Tests.Kubernetes;

/// <summary>
/// deploy/kubernetes, rendered offline by <c>kubectl kustomize</c> (Debian's kubernetes-client, which test.sh installs): every
/// service runs with both probes, a Service and a disruption budget, and each consumer service scales on exactly the queues
/// its consumers read, named as the service's own code names them.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string Manifests = "deploy/kubernetes";

    /// <summary>The compose file's service names, and their projects.</summary>
    public static TheoryData<string, string> Services => new()
    {
        { "billing-webhook", "services/Dunning.BillingWebhook" },
        { "retry-scheduler", "services/Dunning.RetryScheduler" },
        { "notification", "services/Dunning.Notification" },
        { "metrics", "services/Dunning.Metrics" },
    };

    /// <summary>The setting that turns on each consumer registered only under an <c>if</c>: its queue exists only then.</summary>
    private static readonly Dictionary<string, string> ConditionalConsumers = new() { ["SubscriptionRenewalPlannedConsumer"] = "ExpiringCards__Enabled" };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_service_runs_with_readiness_on_health_liveness_on_alive_a_Service_and_a_disruption_budget(string name, string project)
    {
        var rendered = await RenderedManifests.RenderAsync(Manifests);
        var port = ServiceBuild.ExposedPort(project);

        var deployment = rendered.Get("Deployment", name);
        var pod = deployment.At("spec", "template")!;
        var container = Assert.Single(pod.Items("spec", "containers"));
        Assert.StartsWith($"dunning-{name}:", container.Text("image"));
        var ports = container.Items("ports").ToDictionary(p => p.Text("name")!, p => int.Parse(p.Text("containerPort")!));
        Assert.Equal(port, ports["http"]);
        Assert.Equal(9090, ports["management"]); // Management__Port: /metrics answers only there
        AssertProbe(container, "readinessProbe", "/health", ports, port);
        AssertProbe(container, "livenessProbe", "/alive", ports, port);
        Assert.NotEmpty(container.Map("resources", "requests"));
        Assert.NotEmpty(container.Map("resources", "limits"));
        AssertSettings(rendered, container, name);

        var podLabels = pod.Map("metadata", "labels");
        var service = rendered.Get("Service", name);
        AssertSelects(service.Map("spec", "selector"), podLabels, $"Service {name}");
        var http = service.Items("spec", "ports").Single(p => p.Text("name") == "http");
        Assert.Equal((port.ToString(), "http"), (http.Text("port"), http.Text("targetPort")));

        var budget = rendered.Get("PodDisruptionBudget", name);
        Assert.Equal("1", budget.Text("spec", "minAvailable"));
        AssertSelects(budget.Map("spec", "selector", "matchLabels"), podLabels, $"PodDisruptionBudget {name}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Each_consumer_service_scales_with_KEDA_on_exactly_the_queues_its_consumers_read(string name, string project)
    {
        var rendered = await RenderedManifests.RenderAsync(Manifests);
        var settings = rendered.Generated("ConfigMap", "dunning-settings").Map("data");
        var consumers = ServiceConsumers.Read(project);
        var deployment = rendered.Get("Deployment", name);
        var scaler = rendered.Find("ScaledObject", name);

        if (consumers.Count == 0)
        {
            Assert.Null(scaler); // nothing to scale on: a fixed count
            Assert.Equal("2", deployment.Text("spec", "replicas"));
            return;
        }
        Assert.NotNull(scaler);
        Assert.Equal("keda.sh/v1alpha1", scaler.Text("apiVersion"));
        Assert.Equal(name, scaler.Text("spec", "scaleTargetRef", "name"));
        Assert.True(int.Parse(scaler.Text("spec", "minReplicaCount") ?? "0") >= 2, $"{name} may scale below 2 replicas");
        Assert.Null(deployment.Text("spec", "replicas")); // the scaler owns the count
        var triggers = scaler.Items("spec", "triggers");
        foreach (var trigger in triggers)
        {
            Assert.Equal(("rabbitmq", "QueueLength"), (trigger.Text("type"), trigger.Text("metadata", "mode")));
            AssertAuthenticatesWithAHost(rendered, trigger.Text("authenticationRef", "name"));
        }
        var expected = consumers.Where(c => !c.Conditional || TurnedOn(c, settings)).Select(c => c.Queue).Order().ToList();
        Assert.Equal(expected, triggers.Select(t => t.Text("metadata", "queueName")!).Order().ToList());
    }

    [Fact]
    public async Task Every_secret_shipped_is_a_placeholder()
    {
        var rendered = await RenderedManifests.RenderAsync(Manifests);

        var secrets = rendered.OfKind("Secret").ToList();
        Assert.NotEmpty(secrets);
        foreach (var secret in secrets)
        {
            var values = secret.Map("data").Select(p => (p.Key, Encoding.UTF8.GetString(Convert.FromBase64String(p.Value))))
                .Concat(secret.Map("stringData").Select(p => (p.Key, p.Value)));
            foreach (var (key, value) in values)
                Assert.True(value.Contains("CHANGE-ME", StringComparison.Ordinal), $"{secret.Text("metadata", "name")}: {key} is not a CHANGE-ME placeholder");
        }
    }

    private static bool TurnedOn(ConsumerQueue consumer, IReadOnlyDictionary<string, string> settings)
    {
        Assert.True(ConditionalConsumers.TryGetValue(consumer.Consumer, out var setting),
            $"{consumer.Consumer} is registered under an if: name the setting that turns it on in {nameof(ConditionalConsumers)}");
        Assert.True(settings.ContainsKey(setting), $"settings.env does not say whether {setting} (so {consumer.Queue} exists)");
        return bool.Parse(settings[setting]);
    }

    private static void AssertProbe(YamlNode container, string probe, string path, Dictionary<string, int> ports, int port)
    {
        var get = container.At(probe, "httpGet");
        Assert.True(get is not null, $"no {probe}");
        Assert.Equal(path, get.Text("path"));
        var target = get.Text("port")!;
        Assert.Equal(port, int.TryParse(target, out var number) ? number : ports[target]);
    }

    /// <summary>The settings and the service's secrets come from the generated ConfigMap and Secrets, which are rendered.</summary>
    private static void AssertSettings(RenderedManifests rendered, YamlNode container, string name)
    {
        var sources = container.Items("envFrom")
            .Select(s => s.Text("configMapRef", "name") is { } map ? ("ConfigMap", map) : ("Secret", s.Text("secretRef", "name")!)).ToList();
        foreach (var (kind, generated) in new[] { ("ConfigMap", "dunning-settings"), ("Secret", "dunning-secrets"), ("Secret", $"dunning-{name}-db") })
        {
            Assert.Contains(sources, s => s.Item1 == kind && RenderedManifests.IsGeneratedName(s.Item2, generated));
            Assert.NotNull(rendered.Generated(kind, generated));
        }
    }

    private static void AssertAuthenticatesWithAHost(RenderedManifests rendered, string? authentication)
    {
        var reference = Assert.Single(rendered.Get("TriggerAuthentication", authentication!).Items("spec", "secretTargetRef"));
        Assert.Equal("host", reference.Text("parameter"));
        var secret = rendered.Get("Secret", reference.Text("name")!);
        Assert.True(secret.Map("stringData").ContainsKey(reference.Text("key")!) || secret.Map("data").ContainsKey(reference.Text("key")!));
    }

    private static void AssertSelects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels, string what)
    {
        Assert.NotEmpty(selector);
        foreach (var (key, value) in selector)
            Assert.True(labels.TryGetValue(key, out var label) && label == value, $"{what} selects {key}={value}, which the pods lack");
    }
}
