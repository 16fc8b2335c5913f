using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Dunning.Testing;

namespace Dunning.EndToEnd.Tests.Kubernetes;

/// <summary>A queue a consumer reads; <see cref="Conditional"/> when its registration depends on a setting (<c>if (...)</c>).</summary>
internal sealed record ConsumerQueue(string Consumer, string Queue, bool Conditional);

/// <summary>
/// The RabbitMQ queues a service's consumers read, named as the running service names them: the consumers its <c>AddConsumers</c>
/// lists (Extensions/Extensions.cs, the one place a service registers them), each named by MassTransit's own
/// <c>KebabCaseEndpointNameFormatter</c> with the service's prefix (as <c>MessagingExtensions</c> sets it), from the service's build.
/// </summary>
internal static partial class ServiceConsumers
{
    public static IReadOnlyList<ConsumerQueue> Read(string project)
    {
        var directory = Path.Combine(TestEnvironment.RepositoryRoot, project);
        var registering = SourceFiles(directory).Where(file => File.ReadAllText(file).Contains("AddConsumer<", StringComparison.Ordinal)).ToList();
        var extensions = Path.Combine(directory, "Extensions", "Extensions.cs");
        Assert.True(registering.All(file => file == extensions), $"{project} registers consumers outside {extensions}: {string.Join(", ", registering)}");
        var source = File.ReadAllText(extensions);
        var prefix = PlatformCall().Match(source).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(prefix), $"no AddDunningPlatform(\"<schema>\", ...) in {extensions}");
        var registrations = Registration().Matches(source).Select(m => (Name: m.Groups[2].Value, Conditional: m.Groups[1].Value.Contains("if (")));
        return Name(project, prefix, registrations.ToList());
    }

    private static List<ConsumerQueue> Name(string project, string prefix, List<(string Name, bool Conditional)> consumers)
    {
        if (consumers.Count == 0)
            return [];
        var context = new ServiceLoadContext(ServiceBuild.DllPath(project));
        try
        {
            var service = context.LoadFromAssemblyPath(ServiceBuild.DllPath(project));
            var types = service.GetTypes().Concat(context.LoadFromAssemblyName(new AssemblyName("Dunning.Platform")).GetTypes())
                .Where(type => type is { IsClass: true, IsAbstract: false } && type.GetInterface("MassTransit.IConsumer") is not null).ToList();
            var formatterType = context.LoadFromAssemblyName(new AssemblyName("MassTransit")).GetType("MassTransit.KebabCaseEndpointNameFormatter", true)!;
            var formatter = Activator.CreateInstance(formatterType, prefix + "-", false)!;
            var consumerName = formatterType.GetMethods().Single(m => m.Name == "Consumer" && m.IsGenericMethodDefinition && m.GetParameters().Length == 0);
            return consumers.Select(consumer =>
            {
                var type = types.SingleOrDefault(t => t.Name == consumer.Name) ?? throw new Xunit.Sdk.XunitException($"consumer {consumer.Name} not found");
                return new ConsumerQueue(consumer.Name, (string)consumerName.MakeGenericMethod(type).Invoke(formatter, null)!, consumer.Conditional);
            }).ToList();
        }
        finally
        {
            context.Unload();
        }
    }

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex(@"AddDunningPlatform\(""([a-z]+)""")]
    private static partial Regex PlatformCall();

    [GeneratedRegex(@"^(.*)bus\.AddConsumer<(\w+)>\(\);", RegexOptions.Multiline)]
    private static partial Regex Registration();

    /// <summary>The service's own assemblies and packages from its build (its .deps.json); the shared framework from the test's.</summary>
    private sealed class ServiceLoadContext(string dll) : AssemblyLoadContext(isCollectible: true)
    {
        private readonly AssemblyDependencyResolver _resolver = new(dll);

        protected override Assembly? Load(AssemblyName assemblyName) =>
            _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}

/// <summary>Where a service's build is, and what its Dockerfile exposes.</summary>
internal static partial class ServiceBuild
{
    public static string DllPath(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(TestEnvironment.RepositoryRoot, project, "bin", configuration, "net10.0", Path.GetFileName(project) + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; the test project must reference {project}");
    }

    public static int ExposedPort(string project)
    {
        var dockerfile = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, project, "Dockerfile"));
        return int.Parse(Expose().Match(dockerfile).Groups[1].Value);
    }

    [GeneratedRegex(@"^EXPOSE (\d+)", RegexOptions.Multiline)]
    private static partial Regex Expose();
}
