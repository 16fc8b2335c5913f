using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Dunning.Testing;

/// <summary>A fresh RabbitMQ virtual host for one test (class), so queues of concurrent tests never mix; deleted afterwards.</summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private TestVirtualHost(string name) => Name = name;

    public string Name { get; }

    public static HttpClient ManagementClient()
    {
        var client = new HttpClient { BaseAddress = TestEnvironment.RabbitManagement };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        return client;
    }

    public static async Task<TestVirtualHost> CreateAsync()
    {
        var name = "test-" + Guid.NewGuid().ToString("N")[..12];
        using var client = ManagementClient();
        (await client.PutAsync($"api/vhosts/{name}", null)).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"api/permissions/{name}/guest", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new TestVirtualHost(name);
    }

    /// <summary>Messages ready in a queue of this virtual host (0 when the queue does not exist yet).</summary>
    public async Task<int> QueueDepthAsync(string queue)
    {
        using var client = ManagementClient();
        var response = await client.GetAsync($"api/queues/{Name}/{queue}");
        if (!response.IsSuccessStatusCode) return 0;
        var info = await response.Content.ReadFromJsonAsync<QueueInfo>();
        return info?.Messages ?? 0;
    }

    public async ValueTask DisposeAsync()
    {
        using var client = ManagementClient();
        await client.DeleteAsync($"api/vhosts/{Name}");
    }

    private sealed record QueueInfo(int Messages);
}
