using System.Net;

namespace Dunning.BillingWebhook.Tests.Support;

/// <summary>A body sent chunked, without Content-Length, so the server can only find its size by reading it.</summary>
public sealed class UnsizedContent(byte[] bytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
