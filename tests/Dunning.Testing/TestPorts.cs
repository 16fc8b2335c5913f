using System.Net;
using System.Net.Sockets;

namespace Dunning.Testing;

/// <summary>
/// Ports for the processes tests start, taken below Linux's ephemeral range (32768–60999, <c>ip_local_port_range</c>). The OS
/// picks the local port of every outgoing connection from that range, so a port found free there (bind to port 0, release) was
/// now and then taken by a connection before the process bound it: the process then died with "address already in use". Below
/// it, only listeners compete. Each test process walks the range from a random start, so concurrent test processes rarely meet,
/// and a port is checked free before it is handed out. 26000 and up stays clear of the ports the scripts use (RabbitMQ's
/// 15672 and 25672, the drills' 11025–22111).
/// </summary>
public static class TestPorts
{
    private const int First = 26_000;
    private const int Count = 32_700 - First;
    private static int _next = Random.Shared.Next(Count);

    public static int Next()
    {
        for (var tried = 0; tried < Count; tried++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port)) return port;
        }
        throw new InvalidOperationException($"No free port from {First} to {First + Count - 1}");
    }

    private static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
