using System.Net;
using System.Net.Sockets;
using Dunning.Testing;

namespace Dunning.Platform.Tests.Support;

/// <summary>The ports tests give the processes they start: below the ephemeral range, each free when handed out, none twice.</summary>
public sealed class TestPortsTests
{
    [Fact]
    public void Ports_are_below_the_ephemeral_range_distinct_and_free_to_listen_on()
    {
        var ports = Enumerable.Range(0, 200).Select(_ => TestPorts.Next()).ToList();

        Assert.All(ports, port => Assert.InRange(port, 26_000, 32_767));
        Assert.Equal(ports.Count, ports.Distinct().Count());
        var listener = new TcpListener(IPAddress.Loopback, ports[^1]);
        listener.Start();
        listener.Stop();
    }

    [Fact]
    public void A_port_something_listens_on_is_never_handed_out()
    {
        var busy = new TcpListener(IPAddress.Loopback, TestPorts.Next());
        busy.Start();
        try
        {
            var taken = ((IPEndPoint)busy.LocalEndpoint).Port;
            Assert.DoesNotContain(taken, Enumerable.Range(0, 32_700 - 26_000).Select(_ => TestPorts.Next()));
        }
        finally
        {
            busy.Stop();
        }
    }
}
